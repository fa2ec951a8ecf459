"""Drives EventLoopRedis's access control with redis-py's own ACL methods and parsers (Debian's
python3-redis): acl_setuser, acl_getuser, acl_list, acl_users, acl_whoami, acl_cat, acl_genpass,
acl_dryrun, acl_log, acl_deluser, and AUTH as a user. The same script passes against redis-server 7.0.15.
Usage: redis_py_acl_check.py PORT. Prints one line per check; exits non-zero on the first failure."""
import sys
import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)


def check(name, actual, expected):
    if actual != expected:
        print(f"FAIL {name}: expected {expected!r}, got {actual!r}")
        sys.exit(1)
    print(f"ok {name}")


for user in r.acl_users():
    if user != "default":
        r.acl_deluser(user)
r.acl_log_reset()

check("whoami", r.acl_whoami(), "default")
check("setuser", r.acl_setuser("py", enabled=True, passwords=["+secret"], categories=["-@all", "+@string"],
                               commands=["-append", "+ping"], keys=["~k:*", "%R~r:*"], channels=["ch:*"],
                               selectors=[("+hget", "~h:*")]), True)
user = r.acl_getuser("py")
check("getuser flags", user["flags"], ["on"])
check("getuser enabled", user["enabled"], True)
check("getuser passwords", user["passwords"], ["2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"])
check("getuser keys", user["keys"], ["~k:*", "%R~r:*"])
check("getuser channels", user["channels"], ["&ch:*"])
check("getuser categories", user["categories"], ["-@all", "+@string"])
check("getuser commands", sorted(user["commands"]), ["+ping", "-append"])
check("getuser selectors", user["selectors"], [["commands", "-@all +hget", "keys", "~h:*", "channels", ""]])
check("users", r.acl_users(), ["default", "py"])
check("list", [line.split()[1] for line in r.acl_list()], ["default", "py"])
check("cat", "string" in r.acl_cat(), True)
check("cat string", "get" in r.acl_cat("string"), True)
check("genpass", len(r.acl_genpass()), 64)
check("genpass bits", len(r.execute_command("ACL GENPASS", 12)), 3)
check("dryrun allowed", r.acl_dryrun("py", "get", "k:1"), "OK")
check("dryrun key", r.acl_dryrun("py", "get", "x"), "This user has no permissions to access the 'x' key")

py = redis.Redis(host="127.0.0.1", port=port, username="py", password="secret", decode_responses=True)
check("auth as user", py.ping(), True)
check("user may write its keys", py.set("k:1", "v"), True)
check("user may read read-only keys", py.get("r:1"), None)
try:
    py.set("r:1", "v")
    check("write to read-only key refused", False, True)
except redis.exceptions.NoPermissionError as e:
    check("write to read-only key refused", str(e), "this user has no permissions to access one of the keys used as arguments")
try:
    py.append("k:1", "v")
    check("command refused", False, True)
except redis.exceptions.NoPermissionError as e:
    check("command refused", str(e), "this user has no permissions to run the 'append' command")
try:
    redis.Redis(host="127.0.0.1", port=port, username="py", password="wrong").ping()
    check("wrong password refused", False, True)
except redis.exceptions.ResponseError as e:
    check("wrong password refused", str(e), "WRONGPASS invalid username-password pair or user is disabled.")

log = r.acl_log()
check("log length", len(log), 3)
check("log reasons", [entry["reason"] for entry in log], ["auth", "command", "key"])
check("log objects", [entry["object"] for entry in log], ["AUTH", "append", "r:1"])
check("log users", [entry["username"] for entry in log], ["py", "py", "py"])
check("log context", log[1]["context"], "toplevel")
check("log client info", log[1]["client-info"]["user"], "py")
check("log age", isinstance(log[0]["age-seconds"], float), True)
check("log count", len(r.acl_log(count=1)), 1)
check("log reset", r.acl_log_reset(), True)
check("log empty", r.acl_log(), [])
check("deluser", r.acl_deluser("py", "nobody"), 1)
check("getuser missing", r.acl_getuser("py"), None)
print("all checks passed")
