#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback for `make bench-pg`: Debian's
# postgresql, installed when missing (as root: apt-get), initialised in a
# temporary folder owned by the postgres user, listening on 127.0.0.1 only.
#
#   bench/postgres.sh start   install if needed, initialise, start; prints the URL
#   bench/postgres.sh stop    stop the cluster and remove its folder
#   bench/postgres.sh url     print the URL
#
# Settings a careful user gives a 2-core machine with plenty of memory for
# full-text search (the defaults are for a tiny machine): 1 GB shared
# buffers, 64 MB work memory per sort, 1 GB for building indexes, no JIT
# (it slows short queries), durability relaxed for the bulk load as the hub's
# embedded database also writes without waiting for the disk.
set -euo pipefail
PORT=${HUB_BENCH_PG_PORT:-55432}
DIR=${HUB_BENCH_PG_DIR:-/tmp/hub-bench-postgres}
URL="postgres://postgres@127.0.0.1:${PORT}/postgres?sslmode=disable"

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

case "${1:-}" in
start)
	if [ -z "$(bindir)" ]; then
		echo "installing Debian's postgresql" >&2
		if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
		# Debian may start its own cluster on 5432; the benchmark uses its own.
		$SUDO service postgresql stop >/dev/null 2>&1 || true
	fi
	BIN=$(bindir)
	if as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
		echo "$URL"
		exit 0
	fi
	rm -rf "$DIR"
	mkdir -p "$DIR"
	if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
	as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
	as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o "-c listen_addresses=127.0.0.1 -c port=$PORT \
		-c unix_socket_directories=$DIR -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=1GB \
		-c effective_cache_size=8GB -c jit=off -c synchronous_commit=off -c max_wal_size=4GB -c checkpoint_timeout=30min" >/dev/null
	echo "$URL"
	;;
stop)
	BIN=$(bindir)
	[ -n "$BIN" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -w stop -m fast >/dev/null 2>&1 || true
	rm -rf "$DIR"
	;;
url)
	echo "$URL"
	;;
*)
	echo "usage: $0 start|stop|url" >&2
	exit 2
	;;
esac
