
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'robustmqctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'robustmqctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'robustmqctl' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'The cluster: nodes, their liveness, and Raft group leaders')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'The node the CLI talks to')
            [CompletionResult]::new('topic', 'topic', [CompletionResultType]::ParameterValue, 'Topics: each has one shard per partition, on the storage type it was created with')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'MQTT clients connected to the node''s broker')
            [CompletionResult]::new('subscription', 'subscription', [CompletionResultType]::ParameterValue, 'MQTT subscriptions held by the node''s broker')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Kafka consumer groups coordinated by the node''s Kafka listener')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'MQTT sessions held by the node''s broker, connected or not')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Storage types, with the shards and bytes of each on the node''s engine')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The node''s effective config')
            [CompletionResult]::new('connector', 'connector', [CompletionResultType]::ParameterValue, 'Connectors that move messages to external systems (none available in this build)')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of the built-in store, which MQTT clients authenticate against')
            [CompletionResult]::new('acl', 'acl', [CompletionResultType]::ParameterValue, 'ACL rules: who may publish or subscribe to what')
            [CompletionResult]::new('blacklist', 'blacklist', [CompletionResultType]::ParameterValue, 'The blacklist: client ids, usernames and IP addresses refused at CONNECT')
            [CompletionResult]::new('rewrite', 'rewrite', [CompletionResultType]::ParameterValue, 'Topic rewrite rules: MQTT topics and filters rewritten on arrival, first match wins')
            [CompletionResult]::new('auto-subscribe', 'auto-subscribe', [CompletionResultType]::ParameterValue, 'Auto-subscribe rules: subscriptions every MQTT client gets when it connects')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load generators: MQTT now, Kafka with the Kafka protocol')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (robustmqctl.1 and one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;cluster' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Add a meta node to every Raft group (learner, then voter once caught up)')
            [CompletionResult]::new('leave', 'leave', [CompletionResultType]::ParameterValue, 'Remove a meta node from every Raft group')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;cluster;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;cluster;join' {
            [CompletionResult]::new('--node-id', '--node-id', [CompletionResultType]::ParameterName, 'The joining node''s id')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Its inner gRPC host:port')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;cluster;leave' {
            [CompletionResult]::new('--node-id', '--node-id', [CompletionResultType]::ParameterName, 'The leaving node''s id')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;cluster;status' {
            [CompletionResult]::new('--interval-ms', '--interval-ms', [CompletionResultType]::ParameterName, 'Milliseconds between frames (100 to 60000)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'With --watch, stop after this many frames')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep printing a frame every interval (JSON: one frame per line) until interrupted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;cluster;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Add a meta node to every Raft group (learner, then voter once caught up)')
            [CompletionResult]::new('leave', 'leave', [CompletionResultType]::ParameterValue, 'Remove a meta node from every Raft group')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;cluster;help;show' {
            break
        }
        'robustmqctl;cluster;help;join' {
            break
        }
        'robustmqctl;cluster;help;leave' {
            break
        }
        'robustmqctl;cluster;help;status' {
            break
        }
        'robustmqctl;cluster;help;help' {
            break
        }
        'robustmqctl;node' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;node;status' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;node;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;node;help;status' {
            break
        }
        'robustmqctl;node;help;help' {
            break
        }
        'robustmqctl;topic' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic with its own shards; MQTT publishes to it go to partition 0')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their storage type, message count and size')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic with per-partition offsets and sizes')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a topic and all its data')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;topic;create' {
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Storage type; the node''s storage.default_type when omitted')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Number of partitions (1 to 1024)')
            [CompletionResult]::new('--retention-ms', '--retention-ms', [CompletionResultType]::ParameterName, 'Drop data older than this many milliseconds; kept forever when omitted')
            [CompletionResult]::new('--fsync', '--fsync', [CompletionResultType]::ParameterName, 'When durable storage syncs; the node''s storage.fsync when omitted')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;topic;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;topic;describe' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;topic;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;topic;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic with its own shards; MQTT publishes to it go to partition 0')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their storage type, message count and size')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic with per-partition offsets and sizes')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a topic and all its data')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;topic;help;create' {
            break
        }
        'robustmqctl;topic;help;list' {
            break
        }
        'robustmqctl;topic;help;describe' {
            break
        }
        'robustmqctl;topic;help;delete' {
            break
        }
        'robustmqctl;topic;help;help' {
            break
        }
        'robustmqctl;client' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connected clients: id, user, address, protocol, transport, keepalive, connected at')
            [CompletionResult]::new('kick', 'kick', [CompletionResultType]::ParameterValue, 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;client;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only client ids starting with this')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;client;kick' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;client;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connected clients: id, user, address, protocol, transport, keepalive, connected at')
            [CompletionResult]::new('kick', 'kick', [CompletionResultType]::ParameterValue, 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;client;help;list' {
            break
        }
        'robustmqctl;client;help;kick' {
            break
        }
        'robustmqctl;client;help;help' {
            break
        }
        'robustmqctl;subscription' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Subscriptions: client id, filter, granted QoS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;subscription;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only filters starting with this')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;subscription;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Subscriptions: client id, filter, granted QoS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;subscription;help;list' {
            break
        }
        'robustmqctl;subscription;help;help' {
            break
        }
        'robustmqctl;group' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Consumer groups: name, state, protocol type, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, members with their partitions, committed offsets, ends and lag')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;group;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;group;describe' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;group;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Consumer groups: name, state, protocol type, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, members with their partitions, committed offsets, ends and lag')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;group;help;list' {
            break
        }
        'robustmqctl;group;help;describe' {
            break
        }
        'robustmqctl;group;help;help' {
            break
        }
        'robustmqctl;session' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One session with its subscriptions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End a session (disconnecting its client first) and drop what it had queued')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;session;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only client ids starting with this')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;session;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;session;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;session;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One session with its subscriptions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End a session (disconnecting its client first) and drop what it had queued')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;session;help;list' {
            break
        }
        'robustmqctl;session;help;show' {
            break
        }
        'robustmqctl;session;help;delete' {
            break
        }
        'robustmqctl;session;help;help' {
            break
        }
        'robustmqctl;storage' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each storage type with its live shard count and bytes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;storage;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;storage;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each storage type with its live shard count and bytes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;storage;help;list' {
            break
        }
        'robustmqctl;storage;help;help' {
            break
        }
        'robustmqctl;config' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;config;get' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;config;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;config;help;get' {
            break
        }
        'robustmqctl;config;help;help' {
            break
        }
        'robustmqctl;connector' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connector of one of the available types')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connectors (status, task node, lag) and the available connector types')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One connector')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a connector''s task, keeping its position')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a paused connector from its position')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connector')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;connector;create' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Connector type (`connector list` names the available ones)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A type-specific setting; repeat for more')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;describe' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;pause' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;connector;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connector of one of the available types')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connectors (status, task node, lag) and the available connector types')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One connector')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a connector''s task, keeping its position')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a paused connector from its position')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connector')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;connector;help;create' {
            break
        }
        'robustmqctl;connector;help;list' {
            break
        }
        'robustmqctl;connector;help;describe' {
            break
        }
        'robustmqctl;connector;help;pause' {
            break
        }
        'robustmqctl;connector;help;resume' {
            break
        }
        'robustmqctl;connector;help;delete' {
            break
        }
        'robustmqctl;connector;help;help' {
            break
        }
        'robustmqctl;user' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Users (name, superuser, created at), without passwords')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s password or superuser flag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user; its connected clients stay until they reconnect')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;user;create' {
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password (stored only as a salted hash). Prefer ROBUSTMQ_USER_PASSWORD: a flag shows in the process list')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--superuser', '--superuser', [CompletionResultType]::ParameterName, 'Let the user pass every ACL rule (not mqtt.acl_deny)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;user;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;user;update' {
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'New password')
            [CompletionResult]::new('--superuser', '--superuser', [CompletionResultType]::ParameterName, 'Whether the user is a superuser')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;user;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;user;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Users (name, superuser, created at), without passwords')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s password or superuser flag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user; its connected clients stay until they reconnect')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;user;help;create' {
            break
        }
        'robustmqctl;user;help;list' {
            break
        }
        'robustmqctl;user;help;update' {
            break
        }
        'robustmqctl;user;help;delete' {
            break
        }
        'robustmqctl;user;help;help' {
            break
        }
        'robustmqctl;acl' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Rules')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;acl;create' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic filter; ${username} and ${clientid} stand for the client''s own')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'What the rule covers')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Allow or deny')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Only clients authenticated as this user (default: every client)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Only the client with this id (default: every client)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;acl;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;acl;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;acl;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Rules')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;acl;help;create' {
            break
        }
        'robustmqctl;acl;help;list' {
            break
        }
        'robustmqctl;acl;help;delete' {
            break
        }
        'robustmqctl;acl;help;help' {
            break
        }
        'robustmqctl;blacklist' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Entries (kind, value, reason, created at, until)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Lift a ban')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;blacklist;add' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A client id')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'A username')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'A peer IP address, or a CIDR block of them (`10.0.0.0/8`, `2001:db8::/32`); an IPv4-mapped address (`::ffff:10.0.0.1`) is its IPv4 address')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for other operators')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Lift the ban after this many seconds (default: never)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;blacklist;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;blacklist;delete' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A client id')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'A username')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'A peer IP address, or a CIDR block of them (`10.0.0.0/8`, `2001:db8::/32`); an IPv4-mapped address (`::ffff:10.0.0.1`) is its IPv4 address')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;blacklist;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Entries (kind, value, reason, created at, until)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Lift a ban')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;blacklist;help;add' {
            break
        }
        'robustmqctl;blacklist;help;list' {
            break
        }
        'robustmqctl;blacklist;help;delete' {
            break
        }
        'robustmqctl;blacklist;help;help' {
            break
        }
        'robustmqctl;rewrite' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, action, source, regex, dest)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;rewrite;add' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'What it rewrites: publish (PUBLISH topics), subscribe (SUBSCRIBE and UNSUBSCRIBE filters) or all')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'A topic filter the topic must match')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'A regular expression over the whole topic, with capture groups')
            [CompletionResult]::new('--dest', '--dest', [CompletionResultType]::ParameterName, 'The new topic, with $1..$9 for the capture groups')
            [CompletionResult]::new('--position', '--position', [CompletionResultType]::ParameterName, 'Where to insert it, 0 first (default: last)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;rewrite;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;rewrite;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;rewrite;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, action, source, regex, dest)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;rewrite;help;add' {
            break
        }
        'robustmqctl;rewrite;help;list' {
            break
        }
        'robustmqctl;rewrite;help;delete' {
            break
        }
        'robustmqctl;rewrite;help;help' {
            break
        }
        'robustmqctl;auto-subscribe' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, filter, qos, options)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;auto-subscribe;add' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'The topic filter; ${clientid} and ${username} are the client''s')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'Maximum QoS granted')
            [CompletionResult]::new('--retain-handling', '--retain-handling', [CompletionResultType]::ParameterName, 'MQTT 5 Retain Handling: 0 send retained messages, 1 only for a new subscription, 2 never')
            [CompletionResult]::new('--position', '--position', [CompletionResultType]::ParameterName, 'Where to insert it, 0 first (default: last)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--no-local', '--no-local', [CompletionResultType]::ParameterName, 'MQTT 5 No Local: the client does not get what it publishes itself')
            [CompletionResult]::new('--retain-as-published', '--retain-as-published', [CompletionResultType]::ParameterName, 'MQTT 5 Retain As Published')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;auto-subscribe;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;auto-subscribe;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;auto-subscribe;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, filter, qos, options)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;auto-subscribe;help;add' {
            break
        }
        'robustmqctl;auto-subscribe;help;list' {
            break
        }
        'robustmqctl;auto-subscribe;help;delete' {
            break
        }
        'robustmqctl;auto-subscribe;help;help' {
            break
        }
        'robustmqctl;bench' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('mqtt', 'mqtt', [CompletionResultType]::ParameterValue, 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)')
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;mqtt' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Open and hold connections: connect rate and latency, and the broker''s RSS per connection')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publishers only: publish rate (QoS 1: acknowledged)')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run')
            [CompletionResult]::new('pubsub', 'pubsub', [CompletionResultType]::ParameterValue, 'Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;mqtt;conn' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker MQTT port')
            [CompletionResult]::new('--mqtt-version', '--mqtt-version', [CompletionResultType]::ParameterName, 'MQTT version: 4 (3.1.1) or 5')
            [CompletionResult]::new('--source-ips', '--source-ips', [CompletionResultType]::ParameterName, 'Spread client connections over this many loopback source addresses (127.0.0.2, ...) so that tens of thousands fit in one machine''s ephemeral ports; 0 picks one per 20,000 connections when the host is loopback')
            [CompletionResult]::new('--client-prefix', '--client-prefix', [CompletionResultType]::ParameterName, 'Client id prefix; clients are `<prefix>-<role>-<n>`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'PEM file of the CA that signed the broker''s certificate (tls, wss and quic); the host must be in the certificate (an IP address or a DNS name)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Connections to open')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Connections opened per second (0: as fast as possible, 64 at a time)')
            [CompletionResult]::new('--hold-secs', '--hold-secs', [CompletionResultType]::ParameterName, 'Seconds to hold them open before reading the broker''s memory again')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'The broker''s process id, to read its RSS from /proc before and after')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;mqtt;pub' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker MQTT port')
            [CompletionResult]::new('--mqtt-version', '--mqtt-version', [CompletionResultType]::ParameterName, 'MQTT version: 4 (3.1.1) or 5')
            [CompletionResult]::new('--source-ips', '--source-ips', [CompletionResultType]::ParameterName, 'Spread client connections over this many loopback source addresses (127.0.0.2, ...) so that tens of thousands fit in one machine''s ephemeral ports; 0 picks one per 20,000 connections when the host is loopback')
            [CompletionResult]::new('--client-prefix', '--client-prefix', [CompletionResultType]::ParameterName, 'Client id prefix; clients are `<prefix>-<role>-<n>`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'PEM file of the CA that signed the broker''s certificate (tls, wss and quic); the host must be in the certificate (an IP address or a DNS name)')
            [CompletionResult]::new('--publishers', '--publishers', [CompletionResultType]::ParameterName, 'Publishing clients')
            [CompletionResult]::new('--subscribers', '--subscribers', [CompletionResultType]::ParameterName, 'Subscribing clients')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'QoS of publishes and subscriptions: 0 or 1')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Payload bytes; at least 20 (send time, sequence number and publisher id)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic publisher n publishes to; `%i` is replaced by n')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Filter every subscriber subscribes to')
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Subscribe as members of this shared-subscription group (`$share/<group>/<filter>`)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Open loop: total publishes per second across all publishers. Without it the loop is closed: as fast as the broker takes them (QoS 1: within the inflight window)')
            [CompletionResult]::new('--inflight', '--inflight', [CompletionResultType]::ParameterName, 'QoS 1 publishes in flight per publisher in a closed loop')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Seconds to publish (pub, pubsub) or to listen (sub)')
            [CompletionResult]::new('--drain-secs', '--drain-secs', [CompletionResultType]::ParameterName, 'After publishing stops, seconds to wait for the last deliveries')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;mqtt;sub' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker MQTT port')
            [CompletionResult]::new('--mqtt-version', '--mqtt-version', [CompletionResultType]::ParameterName, 'MQTT version: 4 (3.1.1) or 5')
            [CompletionResult]::new('--source-ips', '--source-ips', [CompletionResultType]::ParameterName, 'Spread client connections over this many loopback source addresses (127.0.0.2, ...) so that tens of thousands fit in one machine''s ephemeral ports; 0 picks one per 20,000 connections when the host is loopback')
            [CompletionResult]::new('--client-prefix', '--client-prefix', [CompletionResultType]::ParameterName, 'Client id prefix; clients are `<prefix>-<role>-<n>`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'PEM file of the CA that signed the broker''s certificate (tls, wss and quic); the host must be in the certificate (an IP address or a DNS name)')
            [CompletionResult]::new('--publishers', '--publishers', [CompletionResultType]::ParameterName, 'Publishing clients')
            [CompletionResult]::new('--subscribers', '--subscribers', [CompletionResultType]::ParameterName, 'Subscribing clients')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'QoS of publishes and subscriptions: 0 or 1')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Payload bytes; at least 20 (send time, sequence number and publisher id)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic publisher n publishes to; `%i` is replaced by n')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Filter every subscriber subscribes to')
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Subscribe as members of this shared-subscription group (`$share/<group>/<filter>`)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Open loop: total publishes per second across all publishers. Without it the loop is closed: as fast as the broker takes them (QoS 1: within the inflight window)')
            [CompletionResult]::new('--inflight', '--inflight', [CompletionResultType]::ParameterName, 'QoS 1 publishes in flight per publisher in a closed loop')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Seconds to publish (pub, pubsub) or to listen (sub)')
            [CompletionResult]::new('--drain-secs', '--drain-secs', [CompletionResultType]::ParameterName, 'After publishing stops, seconds to wait for the last deliveries')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;mqtt;pubsub' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker MQTT port')
            [CompletionResult]::new('--mqtt-version', '--mqtt-version', [CompletionResultType]::ParameterName, 'MQTT version: 4 (3.1.1) or 5')
            [CompletionResult]::new('--source-ips', '--source-ips', [CompletionResultType]::ParameterName, 'Spread client connections over this many loopback source addresses (127.0.0.2, ...) so that tens of thousands fit in one machine''s ephemeral ports; 0 picks one per 20,000 connections when the host is loopback')
            [CompletionResult]::new('--client-prefix', '--client-prefix', [CompletionResultType]::ParameterName, 'Client id prefix; clients are `<prefix>-<role>-<n>`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'PEM file of the CA that signed the broker''s certificate (tls, wss and quic); the host must be in the certificate (an IP address or a DNS name)')
            [CompletionResult]::new('--publishers', '--publishers', [CompletionResultType]::ParameterName, 'Publishing clients')
            [CompletionResult]::new('--subscribers', '--subscribers', [CompletionResultType]::ParameterName, 'Subscribing clients')
            [CompletionResult]::new('--qos', '--qos', [CompletionResultType]::ParameterName, 'QoS of publishes and subscriptions: 0 or 1')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Payload bytes; at least 20 (send time, sequence number and publisher id)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic publisher n publishes to; `%i` is replaced by n')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Filter every subscriber subscribes to')
            [CompletionResult]::new('--shared', '--shared', [CompletionResultType]::ParameterName, 'Subscribe as members of this shared-subscription group (`$share/<group>/<filter>`)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Open loop: total publishes per second across all publishers. Without it the loop is closed: as fast as the broker takes them (QoS 1: within the inflight window)')
            [CompletionResult]::new('--inflight', '--inflight', [CompletionResultType]::ParameterName, 'QoS 1 publishes in flight per publisher in a closed loop')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Seconds to publish (pub, pubsub) or to listen (sub)')
            [CompletionResult]::new('--drain-secs', '--drain-secs', [CompletionResultType]::ParameterName, 'After publishing stops, seconds to wait for the last deliveries')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;mqtt;subscribe' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Broker host')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Broker MQTT port')
            [CompletionResult]::new('--mqtt-version', '--mqtt-version', [CompletionResultType]::ParameterName, 'MQTT version: 4 (3.1.1) or 5')
            [CompletionResult]::new('--source-ips', '--source-ips', [CompletionResultType]::ParameterName, 'Spread client connections over this many loopback source addresses (127.0.0.2, ...) so that tens of thousands fit in one machine''s ephemeral ports; 0 picks one per 20,000 connections when the host is loopback')
            [CompletionResult]::new('--client-prefix', '--client-prefix', [CompletionResultType]::ParameterName, 'Client id prefix; clients are `<prefix>-<role>-<n>`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'PEM file of the CA that signed the broker''s certificate (tls, wss and quic); the host must be in the certificate (an IP address or a DNS name)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'SUBSCRIBEs to send, each to a new filter and each after the last SUBACK')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--persistent', '--persistent', [CompletionResultType]::ParameterName, 'Keep the session (3.1.1 Clean Session 0; 5.0 Session Expiry one hour), so that the broker records each subscription for a restart')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;mqtt;help' {
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Open and hold connections: connect rate and latency, and the broker''s RSS per connection')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publishers only: publish rate (QoS 1: acknowledged)')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run')
            [CompletionResult]::new('pubsub', 'pubsub', [CompletionResultType]::ParameterValue, 'Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;mqtt;help;conn' {
            break
        }
        'robustmqctl;bench;mqtt;help;pub' {
            break
        }
        'robustmqctl;bench;mqtt;help;sub' {
            break
        }
        'robustmqctl;bench;mqtt;help;pubsub' {
            break
        }
        'robustmqctl;bench;mqtt;help;subscribe' {
            break
        }
        'robustmqctl;bench;mqtt;help;help' {
            break
        }
        'robustmqctl;bench;kafka' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Producers only: records/s, MB/s and produce latency percentiles')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'One consumer reads every partition from the earliest offset to the end it saw at start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;kafka;produce' {
            [CompletionResult]::new('--bootstrap', '--bootstrap', [CompletionResultType]::ParameterName, 'Bootstrap `host:port`; every connection goes there (one-broker clusters)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic; created when missing')
            [CompletionResult]::new('--producers', '--producers', [CompletionResultType]::ParameterName, 'Producers, each on its own connection and partition (n mod partitions)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partitions to create the topic with when it is missing')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Record value bytes')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Records per produce request')
            [CompletionResult]::new('--acks', '--acks', [CompletionResultType]::ParameterName, 'acks: 0, 1 or all')
            [CompletionResult]::new('--compression', '--compression', [CompletionResultType]::ParameterName, 'Compression codec of the batches')
            [CompletionResult]::new('--inflight', '--inflight', [CompletionResultType]::ParameterName, 'Produce requests in flight per producer')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Seconds to produce')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Idempotent producers (an id from InitProducerId, a sequence per batch)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;kafka;consume' {
            [CompletionResult]::new('--bootstrap', '--bootstrap', [CompletionResultType]::ParameterName, 'Bootstrap `host:port`; every connection goes there (one-broker clusters)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic; created when missing')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Bytes per Fetch (and per partition)')
            [CompletionResult]::new('--duration-secs', '--duration-secs', [CompletionResultType]::ParameterName, 'Longest run, in seconds')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;bench;kafka;help' {
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Producers only: records/s, MB/s and produce latency percentiles')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'One consumer reads every partition from the earliest offset to the end it saw at start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;kafka;help;produce' {
            break
        }
        'robustmqctl;bench;kafka;help;consume' {
            break
        }
        'robustmqctl;bench;kafka;help;help' {
            break
        }
        'robustmqctl;bench;help' {
            [CompletionResult]::new('mqtt', 'mqtt', [CompletionResultType]::ParameterValue, 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)')
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;bench;help;mqtt' {
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Open and hold connections: connect rate and latency, and the broker''s RSS per connection')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publishers only: publish rate (QoS 1: acknowledged)')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run')
            [CompletionResult]::new('pubsub', 'pubsub', [CompletionResultType]::ParameterValue, 'Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency')
            break
        }
        'robustmqctl;bench;help;mqtt;conn' {
            break
        }
        'robustmqctl;bench;help;mqtt;pub' {
            break
        }
        'robustmqctl;bench;help;mqtt;sub' {
            break
        }
        'robustmqctl;bench;help;mqtt;pubsub' {
            break
        }
        'robustmqctl;bench;help;mqtt;subscribe' {
            break
        }
        'robustmqctl;bench;help;kafka' {
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Producers only: records/s, MB/s and produce latency percentiles')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'One consumer reads every partition from the earliest offset to the end it saw at start')
            break
        }
        'robustmqctl;bench;help;kafka;produce' {
            break
        }
        'robustmqctl;bench;help;kafka;consume' {
            break
        }
        'robustmqctl;bench;help;help' {
            break
        }
        'robustmqctl;completions' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;man' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Admin REST base URL of any node')
            [CompletionResult]::new('--grpc', '--grpc', [CompletionResultType]::ParameterName, 'Use the inner gRPC API at this address (host:port) instead of REST; the results are the same')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for admin access; required when the node listens beyond loopback')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that the node''s inner TLS certificate chains to; with `--cert` and `--key`, `--grpc` dials over mutual TLS')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) signed by the node''s `server.tls_ca`')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of `--cert`')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to expect in the node''s certificate when it is not the host of `--grpc`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON (stable field names) for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'robustmqctl;help' {
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'The cluster: nodes, their liveness, and Raft group leaders')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'The node the CLI talks to')
            [CompletionResult]::new('topic', 'topic', [CompletionResultType]::ParameterValue, 'Topics: each has one shard per partition, on the storage type it was created with')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'MQTT clients connected to the node''s broker')
            [CompletionResult]::new('subscription', 'subscription', [CompletionResultType]::ParameterValue, 'MQTT subscriptions held by the node''s broker')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Kafka consumer groups coordinated by the node''s Kafka listener')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'MQTT sessions held by the node''s broker, connected or not')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Storage types, with the shards and bytes of each on the node''s engine')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The node''s effective config')
            [CompletionResult]::new('connector', 'connector', [CompletionResultType]::ParameterValue, 'Connectors that move messages to external systems (none available in this build)')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users of the built-in store, which MQTT clients authenticate against')
            [CompletionResult]::new('acl', 'acl', [CompletionResultType]::ParameterValue, 'ACL rules: who may publish or subscribe to what')
            [CompletionResult]::new('blacklist', 'blacklist', [CompletionResultType]::ParameterValue, 'The blacklist: client ids, usernames and IP addresses refused at CONNECT')
            [CompletionResult]::new('rewrite', 'rewrite', [CompletionResultType]::ParameterValue, 'Topic rewrite rules: MQTT topics and filters rewritten on arrival, first match wins')
            [CompletionResult]::new('auto-subscribe', 'auto-subscribe', [CompletionResultType]::ParameterValue, 'Auto-subscribe rules: subscriptions every MQTT client gets when it connects')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load generators: MQTT now, Kafka with the Kafka protocol')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (robustmqctl.1 and one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'robustmqctl;help;cluster' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Nodes (id, roles, address, liveness, version) and the leader of each Raft group')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Add a meta node to every Raft group (learner, then voter once caught up)')
            [CompletionResult]::new('leave', 'leave', [CompletionResultType]::ParameterValue, 'Remove a meta node from every Raft group')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each node sees it. Rates need two frames, so a single frame shows them as 0')
            break
        }
        'robustmqctl;help;cluster;show' {
            break
        }
        'robustmqctl;help;cluster;join' {
            break
        }
        'robustmqctl;help;cluster;leave' {
            break
        }
        'robustmqctl;help;cluster;status' {
            break
        }
        'robustmqctl;help;node' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or stopping')
            break
        }
        'robustmqctl;help;node;status' {
            break
        }
        'robustmqctl;help;topic' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a topic with its own shards; MQTT publishes to it go to partition 0')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their storage type, message count and size')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic with per-partition offsets and sizes')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a topic and all its data')
            break
        }
        'robustmqctl;help;topic;create' {
            break
        }
        'robustmqctl;help;topic;list' {
            break
        }
        'robustmqctl;help;topic;describe' {
            break
        }
        'robustmqctl;help;topic;delete' {
            break
        }
        'robustmqctl;help;client' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connected clients: id, user, address, protocol, transport, keepalive, connected at')
            [CompletionResult]::new('kick', 'kick', [CompletionResultType]::ParameterValue, 'Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays')
            break
        }
        'robustmqctl;help;client;list' {
            break
        }
        'robustmqctl;help;client;kick' {
            break
        }
        'robustmqctl;help;subscription' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Subscriptions: client id, filter, granted QoS')
            break
        }
        'robustmqctl;help;subscription;list' {
            break
        }
        'robustmqctl;help;group' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Consumer groups: name, state, protocol type, members')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, members with their partitions, committed offsets, ends and lag')
            break
        }
        'robustmqctl;help;group;list' {
            break
        }
        'robustmqctl;help;group;describe' {
            break
        }
        'robustmqctl;help;session' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Sessions: id, connected, expiry, subscriptions, inflight and queued messages')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One session with its subscriptions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End a session (disconnecting its client first) and drop what it had queued')
            break
        }
        'robustmqctl;help;session;list' {
            break
        }
        'robustmqctl;help;session;show' {
            break
        }
        'robustmqctl;help;session;delete' {
            break
        }
        'robustmqctl;help;storage' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each storage type with its live shard count and bytes')
            break
        }
        'robustmqctl;help;storage;list' {
            break
        }
        'robustmqctl;help;config' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token is redacted')
            break
        }
        'robustmqctl;help;config;get' {
            break
        }
        'robustmqctl;help;connector' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a connector of one of the available types')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Connectors (status, task node, lag) and the available connector types')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One connector')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a connector''s task, keeping its position')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a paused connector from its position')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connector')
            break
        }
        'robustmqctl;help;connector;create' {
            break
        }
        'robustmqctl;help;connector;list' {
            break
        }
        'robustmqctl;help;connector;describe' {
            break
        }
        'robustmqctl;help;connector;pause' {
            break
        }
        'robustmqctl;help;connector;resume' {
            break
        }
        'robustmqctl;help;connector;delete' {
            break
        }
        'robustmqctl;help;user' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Users (name, superuser, created at), without passwords')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s password or superuser flag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user; its connected clients stay until they reconnect')
            break
        }
        'robustmqctl;help;user;create' {
            break
        }
        'robustmqctl;help;user;list' {
            break
        }
        'robustmqctl;help;user;update' {
            break
        }
        'robustmqctl;help;user;delete' {
            break
        }
        'robustmqctl;help;acl' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides when no rule matches')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Rules')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule')
            break
        }
        'robustmqctl;help;acl;create' {
            break
        }
        'robustmqctl;help;acl;list' {
            break
        }
        'robustmqctl;help;acl;delete' {
            break
        }
        'robustmqctl;help;blacklist' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Entries (kind, value, reason, created at, until)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Lift a ban')
            break
        }
        'robustmqctl;help;blacklist;add' {
            break
        }
        'robustmqctl;help;blacklist;list' {
            break
        }
        'robustmqctl;help;blacklist;delete' {
            break
        }
        'robustmqctl;help;rewrite' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, action, source, regex, dest)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            break
        }
        'robustmqctl;help;rewrite;add' {
            break
        }
        'robustmqctl;help;rewrite;list' {
            break
        }
        'robustmqctl;help;rewrite;delete' {
            break
        }
        'robustmqctl;help;auto-subscribe' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a rule, last unless --position says where')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The rules in order (position, filter, qos, options)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove the rule at a position `list` shows')
            break
        }
        'robustmqctl;help;auto-subscribe;add' {
            break
        }
        'robustmqctl;help;auto-subscribe;list' {
            break
        }
        'robustmqctl;help;auto-subscribe;delete' {
            break
        }
        'robustmqctl;help;bench' {
            [CompletionResult]::new('mqtt', 'mqtt', [CompletionResultType]::ParameterValue, 'MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...)')
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...)')
            break
        }
        'robustmqctl;help;bench;mqtt' {
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Open and hold connections: connect rate and latency, and the broker''s RSS per connection')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publishers only: publish rate (QoS 1: acknowledged)')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run')
            [CompletionResult]::new('pubsub', 'pubsub', [CompletionResultType]::ParameterValue, 'Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency')
            break
        }
        'robustmqctl;help;bench;mqtt;conn' {
            break
        }
        'robustmqctl;help;bench;mqtt;pub' {
            break
        }
        'robustmqctl;help;bench;mqtt;sub' {
            break
        }
        'robustmqctl;help;bench;mqtt;pubsub' {
            break
        }
        'robustmqctl;help;bench;mqtt;subscribe' {
            break
        }
        'robustmqctl;help;bench;kafka' {
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Producers only: records/s, MB/s and produce latency percentiles')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'One consumer reads every partition from the earliest offset to the end it saw at start')
            break
        }
        'robustmqctl;help;bench;kafka;produce' {
            break
        }
        'robustmqctl;help;bench;kafka;consume' {
            break
        }
        'robustmqctl;help;completions' {
            break
        }
        'robustmqctl;help;man' {
            break
        }
        'robustmqctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
