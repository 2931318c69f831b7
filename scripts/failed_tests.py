#!/usr/bin/env python3
"""Prints the tests that failed in Surefire/Failsafe XML reports, one line each with the first lines of its message.

CI keeps only the tail of a failed run's output, where Maven names no test; `make integration-test` calls this last
so that the tail says which tests failed and why.
"""
import glob
import sys
import xml.etree.ElementTree as ET


def failures(report_dir):
    for path in sorted(glob.glob(f"{report_dir}/TEST-*.xml")):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            yield f"{path}: unreadable report ({e})"
            continue
        for case in root.iter("testcase"):
            for kind in ("failure", "error"):
                for problem in case.findall(kind):
                    first = gist(problem.get("message") or problem.get("type"))
                    yield f"{kind}: {case.get('classname')}.{case.get('name')} ({case.get('time')} s): {first}"
            for rerun in case.findall("flakyFailure") + case.findall("flakyError"):
                yield f"flaky: {case.get('classname')}.{case.get('name')}: {gist(rerun.get('message'))}"


def gist(message):
    """The first lines of a message that say something, on one line (AssertJ's begin with "Expecting actual:")."""
    lines = [line.strip() for line in (message or "").splitlines() if line.strip()]
    return " | ".join(lines[:4])[:400]


def main():
    report_dir = sys.argv[1] if len(sys.argv) > 1 else "target/failsafe-reports"
    lines = list(failures(report_dir))
    failed = sum(1 for line in lines if not line.startswith("flaky:"))
    print(f"failed tests in {report_dir}: {failed or 'none'} (and {len(lines) - failed} passed when run again)")
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
