"""The sql layer's oracle: what PostgreSQL 15 really does with each statement of
tests/sql/oracle_corpus.json, against what preflight's sql layer predicts (sql_classify).

    sql_oracle.py SQL_CLASSIFY CORPUS PORT

The server (scripts/pg, started by run_sql_oracle.sh) gets the corpus's setup in a template
database: objects owned by role `owner`, and role `deployer` with USAGE+CREATE on the schemas and
every privilege on the tables and sequences, owning nothing. Each statement then runs on a fresh
copy, inside BEGIN … ROLLBACK:

  1. as the superuser: success, or 25001 when PostgreSQL refuses it in a transaction block
     (anything else means the corpus is wrong);
  2. as deployer — in autocommit mode when (1) gave 25001, since the transaction check comes
     first; the copy is remade when that run succeeds.

Compared, for each statement:
  forbidden_in_transaction   ⇔ (1) is 25001
  needs_ownership            ⇔ (2) is 42501 "must be owner of …"
  authority beyond privileges and ownership (CREATE on the database, CREATEDB/CREATEROLE,
  superuser)                 ⇔ (2) is another 42501 ("permission denied to create …")
  skipped_without_ownership  ⇔ (2) succeeds with a privilege WARNING ("permission denied to vacuum
                               …, skipping it", "no privileges were granted …")
"""

import json
import re
import subprocess
import sys

import psycopg2
import psycopg2.extensions

TEMPLATE = "preflight_sql_template"
WORK = "preflight_sql_work"
PRIVILEGE_WARNING = re.compile(
    r"^WARNING:.*(permission denied|no privileges|only table or database owner|must be owner)"
)


def connect(port, user, dbname, autocommit):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname=dbname)
    conn.autocommit = autocommit
    return conn


def remake_work_database(port):
    conn = connect(port, "postgres", "postgres", True)
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {WORK} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {WORK} TEMPLATE {TEMPLATE}")
    conn.close()


def run(port, user, sql, in_transaction):
    """(sqlstate or 'ok', error message, privilege warnings) of `sql` run by `user`."""
    conn = connect(port, user, WORK, not in_transaction)
    state, message = "ok", ""
    before = len(conn.notices)
    try:
        with conn.cursor() as cur:
            cur.execute(sql)  # psycopg2 opens the transaction block first unless autocommit
    except psycopg2.Error as error:
        state, message = error.pgcode or "?", (error.pgerror or str(error)).strip()
    warnings = [n.strip() for n in conn.notices[before:] if PRIVILEGE_WARNING.match(n)]
    if in_transaction and not conn.closed:
        conn.rollback()
    conn.close()
    return state, message.splitlines()[0] if message else "", warnings


def classify(binary, statements):
    out = subprocess.run(
        [binary], input=json.dumps(statements), capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def main():
    binary, corpus_path, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(corpus_path, encoding="utf-8") as f:
        corpus = json.load(f)
    statements = corpus["statements"]
    predictions = classify(binary, statements)

    conn = connect(port, "postgres", "postgres", True)
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {TEMPLATE}")
    conn.close()
    conn = connect(port, "postgres", TEMPLATE, True)
    with conn.cursor() as cur:
        for sql in corpus["setup"]:
            cur.execute(sql)
    conn.close()
    remake_work_database(port)

    wrong = 0
    unclassified = 0
    for sql, prediction in zip(statements, predictions):
        problems = []
        parsed = prediction.get("statements", [])
        if "error" in prediction or len(parsed) != 1:
            problems.append(f"sql layer: {prediction.get('error', 'not exactly one statement')}")
            predicted = None
        else:
            predicted = parsed[0]
            if not predicted["classified"]:
                unclassified += 1

        superuser, su_message, _ = run(port, "postgres", sql, True)
        if superuser not in ("ok", "25001"):
            problems.append(f"corpus: the superuser gets {superuser} {su_message}")
        forbidden = superuser == "25001"
        if forbidden:
            state, message, warnings = run(port, "deployer", sql, False)
            if state == "ok":
                remake_work_database(port)
        else:
            state, message, warnings = run(port, "deployer", sql, True)
        if state not in ("ok", "42501"):
            problems.append(f"corpus: deployer gets {state} {message}")
        owner_denied = state == "42501" and "must be owner of" in message
        other_denied = state == "42501" and not owner_denied
        observed = f"{state:5} {'25001' if forbidden else '     '} " + (
            message or (warnings[0] if warnings else "")
        )

        if predicted is not None:
            authority = predicted["authority"]
            checks = [
                ("forbidden_in_transaction", predicted["forbidden_in_transaction"], forbidden),
                ("needs_ownership", predicted["needs_ownership"], owner_denied),
                (
                    "authority beyond privileges",
                    authority not in ("privileges", "ownership"),
                    other_denied,
                ),
                (
                    "skipped_without_ownership",
                    predicted["skipped_without_ownership"],
                    bool(warnings),
                ),
            ]
            for name, said, real in checks:
                if said != real:
                    problems.append(f"{name}: preflight says {said}, PostgreSQL says {real}")
        verdict = "WRONG" if problems else "ok"
        description = predicted["description"] if predicted else "?"
        print(f"{verdict:5} {observed[:70]:70} | {description:34} | {sql[:80]}")
        for problem in problems:
            print(f"      {problem}")
        wrong += bool(problems)

    total = len(statements)
    print(
        f"{total} statements, {total - wrong} classified as PostgreSQL behaves, {wrong} wrong"
        f" ({unclassified} unclassified)"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
