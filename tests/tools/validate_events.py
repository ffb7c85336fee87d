#!/usr/bin/python3
"""Validate ctrwatch's native JSON events (one per line) against docs/event.schema.json.

    validate_events.py [--schema FILE] [--label NAME] [--mutants] FILE...

Every line of every FILE must be one event that the schema accepts. With
--mutants, each line is also altered in ways the schema must refuse (a key
dropped, an unknown key added, a value of the wrong type or outside its
vocabulary), proving that the schema is strict enough to catch drift.

Prints the first failures with FILE:LINE and, last, "NAME: N passed, N failed"
(the line tests/run-unit.sh sums). Exit status 0 when everything passed, 1 on
any failure, 2 when the validator cannot run (no python3-jsonschema, bad schema).

Uses Debian's python3-jsonschema (scripts/install-deps.sh installs it) through
/usr/bin/python3 on purpose: the interpreter the package belongs to.
"""

import argparse
import copy
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate_events: python3-jsonschema is not installed "
                     "(scripts/install-deps.sh installs it)\n")
    sys.exit(2)

SHOW_FAILURES = 5
DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                              "event.schema.json")


def where(error):
    path = "/".join(str(p) for p in error.absolute_path)
    return "/" + path


def first_error(validator, event):
    error = jsonschema.exceptions.best_match(validator.iter_errors(event))
    if error is None:
        return None
    return "%s: %s" % (where(error), error.message[:300])


def time_only_at_top(schema):
    """True when the schema looks at "time" only through the root's properties and
    required: then two events that differ in nothing but their time are valid or not
    together, once each time is checked on its own."""
    uses = []

    def walk(node, at_root):
        if isinstance(node, dict):
            if "time" in node.get("properties", {}) and not at_root:
                uses.append("properties")
            for key in ("required", "dependentRequired", "dependentSchemas"):
                if "time" in node.get(key, ()) and not at_root:
                    uses.append(key)
            for value in node.values():
                walk(value, False)
        elif isinstance(node, list):
            for value in node:
                walk(value, False)

    walk(schema, True)
    return not uses


def mutants(event):
    """(what, altered copy) pairs that the schema must refuse."""
    out = []

    def altered(what, change):
        ev = copy.deepcopy(event)
        change(ev)
        out.append((what, ev))

    for key in ("time", "type", "severity", "outcome", "ret", "process", "cgroup",
                "schema_version"):
        altered("without %s" % key, lambda ev, k=key: ev.pop(k))
    altered("unknown top-level key", lambda ev: ev.__setitem__("surprise", 1))
    altered("unknown type", lambda ev: ev.__setitem__("type", "no_such_type"))
    altered("unknown severity", lambda ev: ev.__setitem__("severity", "high"))
    altered("unknown flag", lambda ev: ev.__setitem__("flags", ["no_such_flag"]))
    altered("schema_version 2.0", lambda ev: ev.__setitem__("schema_version", "2.0"))
    altered("time without nanoseconds", lambda ev: ev.__setitem__("time", ev["time"][:19] + "Z"))
    altered("outcome against ret", lambda ev: ev.__setitem__(
        "outcome", "succeeded" if ev["outcome"] == "denied" else "denied"))
    altered("pid as a string", lambda ev: ev["process"].__setitem__("pid", "1"))
    altered("unknown process key", lambda ev: ev["process"].__setitem__("surprise", 1))
    altered("cap_effective as a number", lambda ev: ev["process"].__setitem__("cap_effective", 1))
    altered("unknown cgroup key", lambda ev: ev["cgroup"].__setitem__("surprise", 1))
    if isinstance(event.get("container"), dict):
        altered("unknown container key", lambda ev: ev["container"].__setitem__("surprise", 1))
        altered("short container id", lambda ev: ev["container"].__setitem__("id", "abc"))
    if isinstance(event.get("args"), dict):
        altered("unknown args key", lambda ev: ev["args"].__setitem__("surprise", 1))
        if event["args"]:
            first = next(iter(event["args"]))
            altered("args.%s of the wrong shape" % first,
                    lambda ev: ev["args"].__setitem__(first, {"unexpected": True}))
    if "findings" in event:
        altered("findings on another type", lambda ev: ev.__setitem__("type", "mount"))
    else:
        altered("findings on a non-posture event", lambda ev: ev.__setitem__("findings", []))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", default=DEFAULT_SCHEMA)
    parser.add_argument("--label", default="schema")
    parser.add_argument("--mutants", action="store_true",
                        help="also check that altered copies of each line are refused")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    try:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        sys.stderr.write("validate_events: %s: %s\n" % (args.schema, str(e)[:500]))
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    # A flood of events from one process differs in the time alone: validate such a
    # repeat by its time only. 50,000 lines take ~2 s instead of ~30 s of CPU.
    time_validator = None
    if time_only_at_top(schema) and "time" in schema.get("properties", {}):
        time_validator = jsonschema.Draft202012Validator(schema["properties"]["time"],
                                                         resolver=validator.resolver)
    seen = set()

    passed = failed = 0

    def failure(text):
        nonlocal failed
        failed += 1
        if failed <= SHOW_FAILURES:
            print("FAIL %s" % text)

    for name in args.files:
        try:
            f = open(name, "rb")
        except OSError as e:
            failure("%s: %s" % (name, e.strerror))
            continue
        with f:
            for number, raw in enumerate(f, 1):
                label = "%s:%d" % (name, number)
                try:
                    event = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError) as e:
                    failure("%s: not JSON (%s): %.120r" % (label, e, raw))
                    continue
                if time_validator and isinstance(event, dict) and not args.mutants:
                    rest = json.dumps({k: v for k, v in event.items() if k != "time"})
                    if rest in seen and time_validator.is_valid(event.get("time")):
                        passed += 1
                        continue
                else:
                    rest = None
                problem = first_error(validator, event)
                if problem:
                    failure("%s: type %s: %s" % (label, event.get("type") if isinstance(event, dict)
                                                 else "?", problem))
                    continue
                passed += 1
                if rest is not None:
                    seen.add(rest)
                if not args.mutants:
                    continue
                for what, ev in mutants(event):
                    if validator.is_valid(ev):
                        failure("%s: the schema accepts the event %s" % (label, what))
                    else:
                        passed += 1
    if failed > SHOW_FAILURES:
        print("FAIL ... %d more" % (failed - SHOW_FAILURES))
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
