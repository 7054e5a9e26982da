# tcpsrv.sh - sourced by tests/e2e-shards.sh and bench/shards.sh.
# start_server LOGDIR DB...: xapian-tcpsrv serving DB... on a free port of
# 127.0.0.1 (a port found taken is tried again with another one, 20 times
# at most), its output in LOGDIR/srv-PORT; sets $port and $srv, adds $srv
# to $SRV_PIDS (the caller kills them on the way out); 1 when no server
# started.
start_server() {
    logdir=$1
    shift
    tries=0
    while [ $tries -lt 20 ]; do
        tries=$((tries + 1))
        port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$@" >"$logdir/srv-$port" 2>&1 &
        srv=$!
        SRV_PIDS="$SRV_PIDS $srv"
        w=0
        while [ $w -lt 50 ]; do
            grep -qs Listening "$logdir/srv-$port" && return 0
            kill -0 "$srv" 2>/dev/null || break
            sleep 0.1
            w=$((w + 1))
        done
        kill "$srv" 2>/dev/null
    done
    return 1
}
