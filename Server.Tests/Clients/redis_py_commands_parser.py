"""redis-py's CommandsParser (what its cluster client uses to route commands) initialised from a
server's COMMAND reply, then asked for the keys of commands. Usage: redis_py_commands_parser.py PORT.
Prints one line per command the server has: its name and the keys found; a command the server
lacks is printed as absent, so two servers can be compared line by line."""
import sys
import redis
from redis.commands.parser import CommandsParser

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), decode_responses=True)
parser = CommandsParser(r)
print("parser initialised with", "command" in parser.commands and "the command table")

cases = [
    ("eval", ["EVAL", "return 1", "2", "a", "b", "arg"]),
    ("eval with no keys", ["EVAL", "return 1", "0", "arg"]),
    ("evalsha", ["EVALSHA", "0" * 40, "1", "k"]),
    ("eval_ro", ["EVAL_RO", "return 1", "1", "k", "arg"]),
    ("fcall", ["FCALL", "f", "2", "k1", "k2", "arg"]),
    ("set", ["SET", "k", "v", "EX", "10"]),
    ("get", ["GET", "k"]),
    ("mset", ["MSET", "a", "1", "b", "2", "c", "3"]),
    ("del", ["DEL", "a", "b", "c"]),
    ("bitop", ["BITOP", "AND", "dest", "a", "b"]),
    ("rename", ["RENAME", "from", "to"]),
    ("object encoding", ["OBJECT", "ENCODING", "k"]),
    ("zunionstore", ["ZUNIONSTORE", "dest", "2", "a", "b", "WEIGHTS", "1", "2"]),
    ("zinter", ["ZINTER", "2", "a", "b"]),
    ("sintercard", ["SINTERCARD", "2", "a", "b", "LIMIT", "1"]),
    ("lmpop", ["LMPOP", "2", "a", "b", "LEFT"]),
    ("blmpop", ["BLMPOP", "0", "2", "a", "b", "LEFT"]),
    ("lmove", ["LMOVE", "a", "b", "LEFT", "RIGHT"]),
    ("hset", ["HSET", "h", "f", "v"]),
    ("sadd", ["SADD", "s", "m"]),
    ("sort", ["SORT", "src", "BY", "weight_*", "GET", "#", "LIMIT", "0", "10"]),
    ("sort store", ["SORT", "src", "BY", "weight_*", "STORE", "dst"]),
    ("sort_ro", ["SORT_RO", "src", "ALPHA"]),
    ("smove", ["SMOVE", "from", "to", "m"]),
    ("rpoplpush", ["RPOPLPUSH", "from", "to"]),
    ("zrangestore", ["ZRANGESTORE", "dst", "src", "0", "-1"]),
    ("memory usage", ["MEMORY", "USAGE", "k", "SAMPLES", "5"]),
    ("publish", ["PUBLISH", "channel", "message"]),
    ("subscribe", ["SUBSCRIBE", "c1", "c2"]),
    ("ping", ["PING", "x"]),
]
for name, command in cases:
    if command[0].lower() not in parser.commands:
        print(name, "absent")
        continue
    print(name, parser.get_keys(r, *command))
