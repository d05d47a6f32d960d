# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_robustmqctl_global_optspecs
    string join \n server= grpc= token= cacert= cert= key= tls-server-name= o/output= h/help V/version
end

function __fish_robustmqctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_robustmqctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_robustmqctl_using_subcommand
    set -l cmd (__fish_robustmqctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "cluster" -d 'The cluster: nodes, their liveness, and Raft group leaders'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "node" -d 'The node the CLI talks to'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "topic" -d 'Topics: each has one shard per partition, on the storage type it was created with'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "client" -d 'MQTT clients connected to the node\'s broker'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "subscription" -d 'MQTT subscriptions held by the node\'s broker'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "group" -d 'Kafka consumer groups coordinated by the node\'s Kafka listener'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "session" -d 'MQTT sessions held by the node\'s broker, connected or not'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "storage" -d 'Storage types, with the shards and bytes of each on the node\'s engine'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "config" -d 'The node\'s effective config'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "connector" -d 'Connectors that move messages to external systems (none available in this build)'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "user" -d 'Users of the built-in store, which MQTT clients authenticate against'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "acl" -d 'ACL rules: who may publish or subscribe to what'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "blacklist" -d 'The blacklist: client ids, usernames and IP addresses refused at CONNECT'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "rewrite" -d 'Topic rewrite rules: MQTT topics and filters rewritten on arrival, first match wins'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "auto-subscribe" -d 'Auto-subscribe rules: subscriptions every MQTT client gets when it connects'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "bench" -d 'Load generators: MQTT now, Kafka with the Kafka protocol'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "man" -d 'Write man pages (robustmqctl.1 and one per subcommand) into a directory'
complete -c robustmqctl -n "__fish_robustmqctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -f -a "show" -d 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -f -a "join" -d 'Add a meta node to every Raft group (learner, then voter once caught up)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -f -a "leave" -d 'Remove a meta node from every Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -f -a "status" -d 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and not __fish_seen_subcommand_from show join leave status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l node-id -d 'The joining node\'s id' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l addr -d 'Its inner gRPC host:port' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from join" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l node-id -d 'The leaving node\'s id' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from leave" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l interval-ms -d 'Milliseconds between frames (100 to 60000)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l count -d 'With --watch, stop after this many frames' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -l watch -d 'Keep printing a frame every interval (JSON: one frame per line) until interrupted'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "show" -d 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "join" -d 'Add a meta node to every Raft group (learner, then voter once caught up)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "leave" -d 'Remove a meta node from every Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "status" -d 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -f -a "status" -d 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and not __fish_seen_subcommand_from status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "status" -d 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -f -a "create" -d 'Create a topic with its own shards; MQTT publishes to it go to partition 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -f -a "list" -d 'List topics with their storage type, message count and size'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -f -a "describe" -d 'One topic with per-partition offsets and sizes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -f -a "delete" -d 'Delete a topic and all its data'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and not __fish_seen_subcommand_from create list describe delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l storage -d 'Storage type; the node\'s storage.default_type when omitted' -r -f -a "EngineMemory\t''
EngineRocksDB\t''
EngineSegment\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l partitions -d 'Number of partitions (1 to 1024)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l retention-ms -d 'Drop data older than this many milliseconds; kept forever when omitted' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l fsync -d 'When durable storage syncs; the node\'s storage.fsync when omitted' -r -f -a "always\t''
batch\t''
never\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a topic with its own shards; MQTT publishes to it go to partition 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from help" -f -a "list" -d 'List topics with their storage type, message count and size'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from help" -f -a "describe" -d 'One topic with per-partition offsets and sizes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a topic and all its data'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand topic; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -f -a "list" -d 'Connected clients: id, user, address, protocol, transport, keepalive, connected at'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -f -a "kick" -d 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and not __fish_seen_subcommand_from list kick help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l prefix -d 'Only client ids starting with this' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from kick" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "list" -d 'Connected clients: id, user, address, protocol, transport, keepalive, connected at'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "kick" -d 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'Subscriptions: client id, filter, granted QoS'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l prefix -d 'Only filters starting with this' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from help" -f -a "list" -d 'Subscriptions: client id, filter, granted QoS'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand subscription; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -f -a "list" -d 'Consumer groups: name, state, protocol type, members'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -f -a "describe" -d 'One group: state, members with their partitions, committed offsets, ends and lag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and not __fish_seen_subcommand_from list describe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'Consumer groups: name, state, protocol type, members'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "describe" -d 'One group: state, members with their partitions, committed offsets, ends and lag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -f -a "list" -d 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -f -a "show" -d 'One session with its subscriptions'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -f -a "delete" -d 'End a session (disconnecting its client first) and drop what it had queued'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and not __fish_seen_subcommand_from list show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l prefix -d 'Only client ids starting with this' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "show" -d 'One session with its subscriptions'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "delete" -d 'End a session (disconnecting its client first) and drop what it had queued'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'Each storage type with its live shard count and bytes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "list" -d 'Each storage type with its live shard count and bytes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -f -a "get" -d 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and not __fish_seen_subcommand_from get help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "create" -d 'Create a connector of one of the available types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "list" -d 'Connectors (status, task node, lag) and the available connector types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "describe" -d 'One connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "pause" -d 'Stop a connector\'s task, keeping its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "resume" -d 'Restart a paused connector from its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "delete" -d 'Delete a connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and not __fish_seen_subcommand_from create list describe pause resume delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l type -d 'Connector type (`connector list` names the available ones)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l config -d 'A type-specific setting; repeat for more' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a connector of one of the available types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "list" -d 'Connectors (status, task node, lag) and the available connector types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "describe" -d 'One connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop a connector\'s task, keeping its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Restart a paused connector from its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand connector; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -f -a "create" -d 'Create a user'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -f -a "list" -d 'Users (name, superuser, created at), without passwords'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -f -a "update" -d 'Change a user\'s password or superuser flag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -f -a "delete" -d 'Delete a user; its connected clients stay until they reconnect'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and not __fish_seen_subcommand_from create list update delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l password -d 'Password (stored only as a salted hash). Prefer ROBUSTMQ_USER_PASSWORD: a flag shows in the process list' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -l superuser -d 'Let the user pass every ACL rule (not mqtt.acl_deny)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l password -d 'New password' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l superuser -d 'Whether the user is a superuser' -r -f -a "true\t''
false\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'Users (name, superuser, created at), without passwords'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a user\'s password or superuser flag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user; its connected clients stay until they reconnect'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -f -a "create" -d 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -f -a "list" -d 'Rules'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -f -a "delete" -d 'Delete a rule'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and not __fish_seen_subcommand_from create list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l topic -d 'Topic filter; ${username} and ${clientid} stand for the client\'s own' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l action -d 'What the rule covers' -r -f -a "publish\t''
subscribe\t''
all\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l permission -d 'Allow or deny' -r -f -a "allow\t''
deny\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l username -d 'Only clients authenticated as this user (default: every client)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l client-id -d 'Only the client with this id (default: every client)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "list" -d 'Rules'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a rule'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand acl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -f -a "add" -d 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -f -a "list" -d 'Entries (kind, value, reason, created at, until)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -f -a "delete" -d 'Lift a ban'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and not __fish_seen_subcommand_from add list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l client-id -d 'A client id' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l username -d 'A username' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l ip -d 'A peer IP address, or a CIDR block of them (`10.0.0.0/8`, `2001:db8::/32`); an IPv4-mapped address (`::ffff:10.0.0.1`) is its IPv4 address' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l reason -d 'Why, for other operators' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l duration-secs -d 'Lift the ban after this many seconds (default: never)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l client-id -d 'A client id' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l username -d 'A username' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l ip -d 'A peer IP address, or a CIDR block of them (`10.0.0.0/8`, `2001:db8::/32`); an IPv4-mapped address (`::ffff:10.0.0.1`) is its IPv4 address' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from help" -f -a "add" -d 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from help" -f -a "list" -d 'Entries (kind, value, reason, created at, until)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Lift a ban'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand blacklist; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -f -a "list" -d 'The rules in order (position, action, source, regex, dest)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and not __fish_seen_subcommand_from add list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l action -d 'What it rewrites: publish (PUBLISH topics), subscribe (SUBSCRIBE and UNSUBSCRIBE filters) or all' -r -f -a "publish\t''
subscribe\t''
all\t''"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l source -d 'A topic filter the topic must match' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l regex -d 'A regular expression over the whole topic, with capture groups' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l dest -d 'The new topic, with $1..$9 for the capture groups' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l position -d 'Where to insert it, 0 first (default: last)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from help" -f -a "list" -d 'The rules in order (position, action, source, regex, dest)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand rewrite; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -f -a "list" -d 'The rules in order (position, filter, qos, options)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and not __fish_seen_subcommand_from add list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l filter -d 'The topic filter; ${clientid} and ${username} are the client\'s' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l qos -d 'Maximum QoS granted' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l retain-handling -d 'MQTT 5 Retain Handling: 0 send retained messages, 1 only for a new subscription, 2 never' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l position -d 'Where to insert it, 0 first (default: last)' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l no-local -d 'MQTT 5 No Local: the client does not get what it publishes itself'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -l retain-as-published -d 'MQTT 5 Retain As Published'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from help" -f -a "list" -d 'The rules in order (position, filter, qos, options)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand auto-subscribe; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -f -a "mqtt" -d 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -f -a "kafka" -d 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and not __fish_seen_subcommand_from mqtt kafka help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "conn" -d 'Open and hold connections: connect rate and latency, and the broker\'s RSS per connection'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "pub" -d 'Publishers only: publish rate (QoS 1: acknowledged)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "sub" -d 'Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "pubsub" -d 'Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "subscribe" -d 'One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from mqtt" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -f -a "produce" -d 'Producers only: records/s, MB/s and produce latency percentiles'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -f -a "consume" -d 'One consumer reads every partition from the earliest offset to the end it saw at start'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from kafka" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "mqtt" -d 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "kafka" -d 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l server -d 'Admin REST base URL of any node' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l grpc -d 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l token -d 'Bearer token for admin access; required when the node listens beyond loopback' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l cacert -d 'CA certificate (PEM) that the node\'s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l cert -d 'Client certificate (PEM) signed by the node\'s `server.tls_ca`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l key -d 'Private key (PEM) of `--cert`' -r -F
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -l tls-server-name -d 'Name to expect in the node\'s certificate when it is not the host of `--grpc`' -r
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -s o -l output -d 'Output format: a table for people, JSON (stable field names) for scripts' -r -f -a "table\t'Aligned columns'
json\t'One JSON document on stdout'"
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "cluster" -d 'The cluster: nodes, their liveness, and Raft group leaders'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "node" -d 'The node the CLI talks to'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "topic" -d 'Topics: each has one shard per partition, on the storage type it was created with'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "client" -d 'MQTT clients connected to the node\'s broker'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "subscription" -d 'MQTT subscriptions held by the node\'s broker'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "group" -d 'Kafka consumer groups coordinated by the node\'s Kafka listener'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "session" -d 'MQTT sessions held by the node\'s broker, connected or not'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "storage" -d 'Storage types, with the shards and bytes of each on the node\'s engine'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "config" -d 'The node\'s effective config'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "connector" -d 'Connectors that move messages to external systems (none available in this build)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "user" -d 'Users of the built-in store, which MQTT clients authenticate against'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "acl" -d 'ACL rules: who may publish or subscribe to what'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "blacklist" -d 'The blacklist: client ids, usernames and IP addresses refused at CONNECT'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "rewrite" -d 'Topic rewrite rules: MQTT topics and filters rewritten on arrival, first match wins'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "auto-subscribe" -d 'Auto-subscribe rules: subscriptions every MQTT client gets when it connects'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "bench" -d 'Load generators: MQTT now, Kafka with the Kafka protocol'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "man" -d 'Write man pages (robustmqctl.1 and one per subcommand) into a directory'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and not __fish_seen_subcommand_from cluster node topic client subscription group session storage config connector user acl blacklist rewrite auto-subscribe bench completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "show" -d 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "join" -d 'Add a meta node to every Raft group (learner, then voter once caught up)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "leave" -d 'Remove a meta node from every Raft group'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "status" -d 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "status" -d 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from topic" -f -a "create" -d 'Create a topic with its own shards; MQTT publishes to it go to partition 0'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from topic" -f -a "list" -d 'List topics with their storage type, message count and size'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from topic" -f -a "describe" -d 'One topic with per-partition offsets and sizes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from topic" -f -a "delete" -d 'Delete a topic and all its data'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "list" -d 'Connected clients: id, user, address, protocol, transport, keepalive, connected at'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "kick" -d 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from subscription" -f -a "list" -d 'Subscriptions: client id, filter, granted QoS'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'Consumer groups: name, state, protocol type, members'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "describe" -d 'One group: state, members with their partitions, committed offsets, ends and lag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "show" -d 'One session with its subscriptions'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "delete" -d 'End a session (disconnecting its client first) and drop what it had queued'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "list" -d 'Each storage type with its live shard count and bytes'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "create" -d 'Create a connector of one of the available types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "list" -d 'Connectors (status, task node, lag) and the available connector types'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "describe" -d 'One connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "pause" -d 'Stop a connector\'s task, keeping its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "resume" -d 'Restart a paused connector from its position'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from connector" -f -a "delete" -d 'Delete a connector'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "create" -d 'Create a user'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'Users (name, superuser, created at), without passwords'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "update" -d 'Change a user\'s password or superuser flag'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "delete" -d 'Delete a user; its connected clients stay until they reconnect'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "create" -d 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "list" -d 'Rules'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from acl" -f -a "delete" -d 'Delete a rule'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from blacklist" -f -a "add" -d 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from blacklist" -f -a "list" -d 'Entries (kind, value, reason, created at, until)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from blacklist" -f -a "delete" -d 'Lift a ban'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from rewrite" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from rewrite" -f -a "list" -d 'The rules in order (position, action, source, regex, dest)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from rewrite" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from auto-subscribe" -f -a "add" -d 'Add a rule, last unless --position says where'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from auto-subscribe" -f -a "list" -d 'The rules in order (position, filter, qos, options)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from auto-subscribe" -f -a "delete" -d 'Remove the rule at a position `list` shows'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "mqtt" -d 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)'
complete -c robustmqctl -n "__fish_robustmqctl_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "kafka" -d 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)'
