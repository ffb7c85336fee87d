# shellcheck shell=bash
# Container metadata from the runtimes' on-disk state: for each runtime the
# test writes the files where that runtime would (a random container id, so
# nothing real is touched; every file and directory it makes is removed), then
# starts a runc container in the runtime's cgroup layout with that id, and
# checks name, image, pod and namespace on its events.

META_CLEAN=()

# meta_write PATH CONTENT: writes a file, remembering the first directory of
# its path that did not exist, so that cleanup removes exactly what we made.
meta_write()
{
	local path=$1 dir top=""
	dir=$(dirname "$path")
	while [ ! -e "$dir" ]; do
		top=$dir
		dir=$(dirname "$dir")
	done
	if [ -e "$path" ]; then
		echo "refusing to overwrite $path" >&2
		return 1
	fi
	META_CLEAN+=("${top:-$path}")
	mkdir -p "$(dirname "$path")" && printf '%s\n' "$2" >"$path"
}

meta_cleanup()
{
	local p i
	for ((i = ${#META_CLEAN[@]} - 1; i >= 0; i--)); do
		p=${META_CLEAN[i]}
		# Only what this suite made: paths that name one of its random ids or files.
		[ -n "$p" ] && [ "$p" != / ] && rm -rf -- "$p"
	done
	META_CLEAN=()
}

# meta_case NAME RUNTIME CGPATH ID NAME IMAGE POD NAMESPACE
meta_case()
{
	local name=$1 runtime=$2 cg=$3 id=$4 f
	ctr_start "$name" "$cg" -- sleep 30 || {
		fail "$name: the container starts" "$(cat "$ITEST_TMP/$name.out")"
		return
	}
	meta_assert "$name" "$runtime" "$id" "$5" "$6" "$7" "$8"
	ctr_kill "$name"
}

meta_assert()
{
	local name=$1 runtime=$2 id=$3 f want
	want=$(jq -cn --arg n "$4" --arg i "$5" --arg p "$6" --arg s "$7" \
		'{name: $n, image: $i, pod: $p, namespace: $s} | with_entries(select(.value != ""))')
	f="$(f_ctr "$id") and .container.runtime == \"$runtime\""
	assert_event "$CTW_OUT" "$f and .type == \"container_start\" and
		(.container | {name, image, pod, namespace} | with_entries(select(.value != null))) == $want" \
		"$name: container_start carries $want" "$(f_ctr "$id")"
	assert_event "$CTW_OUT" "$f and .type == \"posture\" and .container.name == \"$4\" and .container.image == \"$5\"" \
		"$name: the posture event carries them too" "$(f_ctr "$id")"
}

family_metadata()
{
	local id pod bundle
	# run.sh's trap cleans lib.sh's state; ours runs first, then that.
	trap 'meta_cleanup; itest_cleanup' EXIT
	ctw_start --metrics-addr off --events container_start,container_stop,posture || return

	id=$(hex64)
	meta_write "/var/lib/docker/containers/$id/config.v2.json" "$(jq -cn --arg id "$id" '{
		ID: $id, Name: "/web", Path: "nginx", Args: ["-g", "daemon off;"], Driver: "overlay2",
		Image: "sha256:66f8bdd3810c96dc5c28aec39583af731b34a2cd99471530f53c8794ed5b423e",
		Config: {Hostname: $id[0:12], Image: "nginx:1.27", Labels: {maintainer: "x"}},
		State: {Running: true, Pid: 0}}')" &&
		meta_write "/var/lib/docker/containers/$id/hostconfig.json" '{"Privileged":false}' ||
		fail "docker: fixture written"
	meta_case docker docker "$(cg_docker "$id")" "$id" web nginx:1.27 "" ""

	id=$(hex64)
	pod=$(uuid)
	meta_write "/run/containerd/io.containerd.runtime.v2.task/k8s.io/$id/config.json" "$(jq -cn '{
		ociVersion: "1.1.0", process: {args: ["/app"]}, root: {path: "rootfs"},
		annotations: {"io.kubernetes.cri.container-type": "container",
			"io.kubernetes.cri.container-name": "api",
			"io.kubernetes.cri.image-name": "registry.example.com/payments/api:3.4",
			"io.kubernetes.cri.sandbox-name": "api-7f9",
			"io.kubernetes.cri.sandbox-namespace": "payments"}}')" ||
		fail "containerd: fixture written"
	meta_case containerd containerd "$(cg_containerd "$id" "$pod")" "$id" api \
		registry.example.com/payments/api:3.4 api-7f9 payments

	id=$(hex64)
	pod=$(uuid)
	meta_write "/run/containers/storage/overlay-containers/$id/userdata/config.json" "$(jq -cn '{
		ociVersion: "1.0.2-dev", process: {args: ["redis-server"]},
		annotations: {"io.container.manager": "cri-o",
			"io.kubernetes.container.name": "cache",
			"io.kubernetes.pod.name": "cache-0",
			"io.kubernetes.pod.namespace": "data",
			"io.kubernetes.cri-o.ImageName": "quay.io/example/redis:7.2"}}')" ||
		fail "cri-o: fixture written"
	meta_case cri-o cri-o "$(cg_crio "$id" "$pod")" "$id" cache quay.io/example/redis:7.2 cache-0 data

	id=$(hex64)
	meta_write "/var/lib/containers/storage/overlay-containers/$id/userdata/config.json" "$(jq -cn '{
		ociVersion: "1.1.0", process: {args: ["postgres"]},
		annotations: {"io.container.manager": "libpod", "io.podman.annotations.init": "FALSE"}}')" &&
		meta_write "/var/lib/containers/storage/overlay-containers/containers.json" "$(jq -cn --arg id "$id" '[{
			id: $id, names: ["db"], image: "44", layer: "55",
			metadata: ({"image-name": "docker.io/library/postgres:16-alpine", name: "db",
				"created-at": 1763640000} | tojson)}]')" ||
		fail "podman: fixture written"
	meta_case podman podman "$(cg_podman "$id")" "$id" db docker.io/library/postgres:16-alpine "" ""

	# Any OCI runtime: runc's own state (its default root) names the bundle, whose
	# config.json carries the annotations. The container's runc name is its id.
	id=$(hex64)
	pod=$(uuid)
	register_cgroup "$(cg_kubelet "$id" "$pod")"
	bundle=$(ctr_bundle "runc-$id" "$(cg_kubelet "$id" "$pod")" -- sleep 30) &&
		jq '.annotations = {"io.kubernetes.cri.container-name": "batch",
			"io.kubernetes.cri.image-name": "registry.example.com/jobs/batch:2.1",
			"io.kubernetes.cri.sandbox-name": "batch-28a9c",
			"io.kubernetes.cri.sandbox-namespace": "jobs"}' "$bundle/config.json" >"$bundle/c" &&
		mv "$bundle/c" "$bundle/config.json" || fail "runc: bundle written"
	[ -e /run/runc ] || META_CLEAN+=(/run/runc)
	if timeout 60 runc --root /run/runc run -d --bundle "$bundle" "$id" </dev/null \
		>"$ITEST_TMP/runc-meta.out" 2>&1; then
		meta_assert runc kubernetes "$id" batch registry.example.com/jobs/batch:2.1 batch-28a9c jobs
	else
		fail "runc: the container starts" "$(cat "$ITEST_TMP/runc-meta.out")"
	fi
	runc --root /run/runc kill "$id" KILL >/dev/null 2>&1
	runc --root /run/runc delete -f "$id" >/dev/null 2>&1

	# A container whose runtime wrote nothing: the fields are omitted, never guessed.
	id=$(hex64)
	ctr_start unknown "$(cg_docker "$id")" -- sleep 30 &&
		assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"container_start\" and
			(.container | has(\"name\") or has(\"image\") or has(\"pod\") or has(\"namespace\") | not)" \
			"no runtime state: no name, image, pod or namespace" "$(f_ctr "$id")"
	ctr_kill unknown
	ctw_stop
	meta_cleanup
}
