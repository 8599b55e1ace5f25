"""Say clearly whether PostgreSQL and Redis from DATABASE_URL and REDIS_URL answer.

`make test-services` runs this first, so that a missing service is one readable line
instead of hundreds of failing tests.
"""

import os
import sys

import dj_database_url
import psycopg
import redis


def check_postgres(url: str) -> str | None:
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {config['HOST']}:{config['PORT']} cannot be reached: {error}"
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis at {url} cannot be reached: {error}"
    return None


def main() -> int:
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not database_url or not redis_url:
        print("make test-services needs DATABASE_URL and REDIS_URL.", file=sys.stderr)
        return 2
    problems = [p for p in (check_postgres(database_url), check_redis(redis_url)) if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Start the services (see docs/operations.md) and run make test-services again.")
        return 1
    print("PostgreSQL and Redis answer.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
