// The reply of the HELP subcommands: a title line, then one status line per text line.
// cf. addReplyHelp in networking.c.

using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Commands;

internal static class Help
{
    public static void Reply(Client client, string command, string[] lines)
    {
        client.Reply.ArrayHeader(lines.Length + 3);
        client.Reply.Simple(System.Text.Encoding.ASCII.GetBytes(
            $"{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        foreach (var line in lines) client.Reply.Simple(System.Text.Encoding.ASCII.GetBytes(line));
        client.Reply.Simple("HELP"u8);
        client.Reply.Simple("    Prints this help."u8);
    }

    /// <summary>
    /// "unknown subcommand or wrong number of arguments" for a subcommand whose handler checks its
    /// own argument count. cf. addReplySubcommandSyntaxError.
    /// </summary>
    public static void SubcommandSyntaxError(Client client) => client.Reply.Error(
        $"ERR unknown subcommand or wrong number of arguments for '{CommandExecutor.Printable(client.Args[1], 128)}'. " +
        $"Try {CommandExecutor.Printable(client.Args[0], int.MaxValue).ToUpperInvariant()} HELP.");
}
