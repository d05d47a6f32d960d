# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_robustmqd_global_optspecs
    string join \n h/help V/version
end

function __fish_robustmqd_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_robustmqd_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_robustmqd_using_subcommand
    set -l cmd (__fish_robustmqd_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c robustmqd -n "__fish_robustmqd_needs_command" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "start" -d 'Start a node. With no config file: one node with all roles, on 127.0.0.1, storing in ./data'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "config" -d 'Inspect configuration files'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "version" -d 'Print the version'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "man" -d 'Write man pages (robustmqd.1 and one per subcommand) into a directory'
complete -c robustmqd -n "__fish_robustmqd_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -s c -l config -d 'Config file (TOML). Keys it leaves out take their defaults' -r -F
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -l roles -d 'Roles to run, comma-separated: meta, broker, engine' -r
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -l node-id -d 'This node\'s id' -r
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -l data-dir -d 'Directory for all persistent state' -r -F
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand start" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and not __fish_seen_subcommand_from check default help" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and not __fish_seen_subcommand_from check default help" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and not __fish_seen_subcommand_from check default help" -f -a "check" -d 'Validate a config file (with ROBUSTMQ_* overrides applied) and print the effective config'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and not __fish_seen_subcommand_from check default help" -f -a "default" -d 'Print the documented default config'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and not __fish_seen_subcommand_from check default help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from default" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from default" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a config file (with ROBUSTMQ_* overrides applied) and print the effective config'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "default" -d 'Print the documented default config'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand version" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand version" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand completions" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand completions" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand man" -s h -l help -d 'Print help'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand man" -s V -l version -d 'Print version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "start" -d 'Start a node. With no config file: one node with all roles, on 127.0.0.1, storing in ./data'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "config" -d 'Inspect configuration files'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "version" -d 'Print the version'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "man" -d 'Write man pages (robustmqd.1 and one per subcommand) into a directory'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and not __fish_seen_subcommand_from start config version completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate a config file (with ROBUSTMQ_* overrides applied) and print the effective config'
complete -c robustmqd -n "__fish_robustmqd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "default" -d 'Print the documented default config'
