// Connection commands: PING, ECHO, QUIT, SELECT, HELLO, AUTH, RESET.
// cf. pingCommand, echoCommand, selectCommand (server.c, db.c), helloCommand, authCommand (acl.c).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class ConnectionCommands
{
    /// <summary>
    /// Format: <c>PING [message]</c>
    /// Replies +PONG, or the message as a bulk string.
    /// </summary>
    public static void Ping(Client client)
    {
        if (client.Args.Count > 2)
        {
            client.Reply.Error(Errors.WrongArgCount("ping"));
            return;
        }
        if (client.IsSubscribed && client.Protocol == 2)
        {
            // A RESP2 subscriber's replies must look like pushes: [pong, message or ""].
            client.Reply.ArrayHeader(2);
            client.Reply.Bulk("pong"u8);
            client.Reply.Bulk(client.Args.Count == 1 ? [] : client.Args[1]);
            return;
        }
        if (client.Args.Count == 1) client.Reply.Raw("+PONG\r\n"u8);
        else client.Reply.Bulk(client.Args[1]);
    }

    /// <summary>Format: <c>ECHO message</c></summary>
    public static void Echo(Client client) => client.Reply.Bulk(client.Args[1]);

    /// <summary>Format: <c>QUIT</c>. Replies +OK, then the connection closes.</summary>
    public static void Quit(Client client)
    {
        client.Reply.Ok();
        client.CloseAfterReply = true;
    }

    /// <summary>Format: <c>SELECT index</c></summary>
    public static void Select(Client client)
    {
        if (!Numbers.TryParseLong(client.Args[1], out long index))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (index is < int.MinValue or > int.MaxValue)
        {
            client.Reply.Error(Errors.NotInt32); // getIntFromObjectOrReply's range check
            return;
        }
        if (index < 0 || index >= client.Server.Databases.Length)
        {
            client.Reply.Error(Errors.DbIndexOutOfRange);
            return;
        }
        client.Db = client.Server.Databases[index];
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>AUTH [username] password</c>
    /// Authenticates as an ACL user; without a username, as "default" (whose password requirepass sets).
    /// </summary>
    public static void Auth(Client client)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        for (int i = 1; i < args.Count; i++) client.RedactedArgs.Add(i); // passwords stay out of the slow log
        if (args.Count == 2 && client.Server.Acl.Default.NoPass)
        {
            client.Reply.Error(Errors.NoPassword);
            return;
        }
        var user = args.Count == 3 ? args[1] : "default"u8;
        if (!client.Server.Acl.Authenticate(client, user, args[args.Count - 1]))
        {
            client.Reply.Error(Errors.WrongPass);
            return;
        }
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>HELLO [protover [AUTH username password] [SETNAME clientname]]</c>
    /// Switches the protocol (2 or 3) and replies with the server's identity as a map.
    /// </summary>
    public static void Hello(Client client)
    {
        var args = client.Args;
        long version = client.Protocol;
        int next = 1;
        if (args.Count >= 2)
        {
            if (!Numbers.TryParseLong(args[1], out version))
            {
                client.Reply.Error(Errors.ProtoNotInteger);
                return;
            }
            if (version is < 2 or > 3)
            {
                client.Reply.Error(Errors.NoProto);
                return;
            }
            next = 2;
        }

        byte[]? name = null;
        for (int i = next; i < args.Count; i++)
        {
            int more = args.Count - i - 1;
            if (args.Is(i, "AUTH"u8) && more >= 2)
            {
                client.RedactedArgs.Add(i + 1);
                client.RedactedArgs.Add(i + 2);
                // Redis authenticates as it reads the option: a later bad option still leaves the client logged in.
                if (!client.Server.Acl.Authenticate(client, args[i + 1], args[i + 2]))
                {
                    client.Reply.Error(Errors.WrongPass);
                    return;
                }
                i += 2;
            }
            else if (args.Is(i, "SETNAME"u8) && more >= 1)
            {
                if (!ClientCommands.IsValidName(args[i + 1]))
                {
                    client.Reply.Error(Errors.BadClientName);
                    return;
                }
                name = args.ToArray(i + 1);
                i++;
            }
            else
            {
                client.Reply.Error($"ERR Syntax error in HELLO option '{CommandExecutor.Printable(args[i], 128)}'");
                return;
            }
        }

        if (!client.Authenticated)
        {
            client.Reply.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"u8);
            return;
        }
        if (name is not null) client.Name = name.Length == 0 ? null : name;
        client.Protocol = (int)version;

        var reply = client.Reply;
        reply.MapHeader(7);
        reply.Bulk("server"u8);
        reply.Bulk("redis"u8);
        reply.Bulk("version"u8);
        reply.Bulk(RedisServer.Version);
        reply.Bulk("proto"u8);
        reply.Integer(version);
        reply.Bulk("id"u8);
        reply.Integer(client.Id);
        reply.Bulk("mode"u8);
        reply.Bulk("standalone"u8);
        reply.Bulk("role"u8);
        reply.Bulk("master"u8);
        reply.Bulk("modules"u8);
        reply.ArrayHeader(0);
    }

    /// <summary>
    /// Format: <c>RESET</c>
    /// Puts the connection back to its state right after connecting. cf. clearClientConnectionState.
    /// </summary>
    public static void Reset(Client client)
    {
        client.Db = client.Server.Databases[0];
        client.Protocol = 2;
        TransactionCommands.DiscardTransaction(client);
        client.Server.PubSub.RemoveClient(client);
        client.Server.Monitors.Remove(client);
        client.Server.Tracking.Disable(client);
        client.Name = null;
        // OFF and a pending SKIP end; a skip already in force drops RESET's own reply, as in Redis.
        if (client.ReplyMode != ReplyMode.Skip) client.ReplyMode = ReplyMode.On;
        client.NoEvict = false;
        client.SetDefaultUser();
        client.Reply.Raw("+RESET\r\n"u8);
    }
}
