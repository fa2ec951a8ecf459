// Generic key commands (DEL and EXISTS; the rest of the keyspace commands come later).
// cf. delCommand and existsCommand in db.c.

using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Commands;

internal static class KeyCommands
{
    /// <summary>Format: <c>DEL key [key ...]</c>. Replies how many keys were removed.</summary>
    public static void Del(Client client)
    {
        long deleted = 0;
        for (int i = 1; i < client.Args.Count; i++)
        {
            if (client.Db.Delete(client.Args[i])) deleted++;
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>Format: <c>EXISTS key [key ...]</c>. A key named twice counts twice.</summary>
    public static void Exists(Client client)
    {
        long found = 0;
        for (int i = 1; i < client.Args.Count; i++)
        {
            if (client.Db.LookupQuiet(client.Args[i]) is not null) found++;
        }
        client.Reply.Integer(found);
    }
}
