// Access control: the users (with the special "default" one), authentication, the permission
// check every command passes, the ACL log, and the ACL file. cf. acl.c (Users, DefaultUser,
// ACLAuthenticateUser, ACLCheckAllUserCommandPerm, ACLLoadFromFile, ACLSaveToFile).

using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Security;

internal sealed class Acl
{
    private readonly RedisServer _server;
    private SortedDictionary<byte[], AclUser> _users = new(ByteOrder.Instance);

    public Acl(RedisServer server)
    {
        _server = server;
        Index = new AclCommandIndex(server.Commands);
        Default = CreateDefaultUser();
        _users.Add(Default.Name, Default);
        SetDefaultPassword(server.Config.RequirePass);
        server.Config.RequirePassChanged = SetDefaultPassword;
    }

    public AclCommandIndex Index { get; }

    /// <summary>The user every connection starts as; never deleted, only changed.</summary>
    public AclUser Default { get; }

    public AclLog Log { get; } = new();

    /// <summary>Users by name, in byte order (ACL USERS and ACL LIST list them so).</summary>
    public IEnumerable<AclUser> Users => _users.Values;

    public int UserCount => _users.Count;

    public AclUser? Find(ReadOnlySpan<byte> name) => _users.GetValueOrDefault(name.ToArray());

    private bool ChannelsAllowedByDefault() => _server.Config.AclPubsubDefault == "allchannels";

    /// <summary>A user not (yet) in the table: for staging ACL SETUSER's rules before they apply.</summary>
    public AclUser NewUser(byte[] name) => new(name, Index, ChannelsAllowedByDefault);

    /// <summary>+@all ~* &amp;* on nopass (cf. ACLCreateDefaultUser).</summary>
    private AclUser CreateDefaultUser()
    {
        var user = NewUser("default"u8.ToArray());
        foreach (var rule in new[] { "+@all", "~*", "&*", "on", "nopass" }) user.Apply(Encoding.ASCII.GetBytes(rule));
        return user;
    }

    /// <summary>requirepass: the default user's only password, or nopass when empty (cf. ACLUpdateDefaultUserPassword).</summary>
    public void SetDefaultPassword(string password)
    {
        Default.Apply("resetpass"u8);
        if (password.Length > 0) Default.Apply(Encoding.UTF8.GetBytes(">" + password));
        else Default.Apply("nopass"u8);
    }

    /// <summary>Adds or replaces the user named by <paramref name="staged"/>'s name with its rules.</summary>
    public void Store(AclUser staged)
    {
        if (_users.TryGetValue(staged.Name, out var existing))
        {
            KillSubscribersIfChannelsRevoked(existing, staged);
            existing.CopyFrom(staged);
        }
        else _users.Add(staged.Name, staged);
    }

    /// <summary>Deletes a user and disconnects its clients (cf. ACLFreeUserAndKillClients); false if it did not exist.</summary>
    public bool Delete(ReadOnlySpan<byte> name, Client current)
    {
        var key = name.ToArray();
        if (!_users.Remove(key, out var user)) return false;
        DisconnectClientsOf(u => u == user, current);
        return true;
    }

    private void DisconnectClientsOf(Func<AclUser, bool> doomed, Client current)
    {
        foreach (var client in _server.Clients.Values)
        {
            if (!doomed(client.User)) continue;
            // As Redis: back to the default user, unauthenticated, before the connection goes.
            client.User = Default;
            client.Authenticated = false;
            if (client == current) client.CloseAfterReply = true;
            else _server.Kill(client);
        }
    }

    /// <summary>
    /// A subscriber whose user lost a channel it listens on is disconnected, unless the new rules
    /// allow every channel or keep all the old patterns (cf. ACLKillPubsubClientsIfNeeded).
    /// </summary>
    private void KillSubscribersIfChannelsRevoked(AclUser original, AclUser updated)
    {
        foreach (var selector in updated.Selectors)
        {
            if (selector.AllChannels) return;
        }
        var upcoming = new List<byte[]>();
        foreach (var selector in updated.Selectors) upcoming.AddRange(selector.Channels);
        bool kept = true;
        foreach (var selector in original.Selectors)
        {
            foreach (var channel in selector.Channels)
            {
                if (!upcoming.Exists(c => c.AsSpan().SequenceEqual(channel))) kept = false;
            }
        }
        if (kept) return;
        var probe = new AclSelector(Index, root: false, allChannels: false);
        foreach (var channel in upcoming) probe.Channels.Add(channel);
        foreach (var client in _server.Clients.Values.ToList())
        {
            if (client.User != original || !client.IsSubscribed) continue;
            bool kill = client.Patterns.Exists(p => !probe.MayUseChannel(p, literal: true));
            foreach (var (channel, _) in client.Channels)
            {
                if (!kill && !probe.MayUseChannel(channel, literal: false)) kill = true;
            }
            foreach (var (channel, _) in client.ShardChannels)
            {
                if (!kill && !probe.MayUseChannel(channel, literal: false)) kill = true;
            }
            if (kill) _server.Kill(client);
        }
    }

    // ---- authentication ----------------------------------------------------------------------

    /// <summary>
    /// AUTH and HELLO AUTH: on success the client becomes the user; on failure the ACL log records
    /// it (object: the command's name as typed). cf. ACLAuthenticateUser.
    /// </summary>
    public bool Authenticate(Client client, ReadOnlySpan<byte> username, ReadOnlySpan<byte> password)
    {
        var user = Find(username);
        if (user is not null && user.CheckPassword(password))
        {
            client.Authenticated = true;
            client.User = user;
            return true;
        }
        AddLogEntry(client, AclDenial.Auth, client.Multi is not null ? AclLogContext.Multi : AclLogContext.TopLevel, 0,
            username.ToArray(), client.Args.ToArray(0));
        return false;
    }

    /// <summary>Whether a connection that has not authenticated must do so first (cf. authRequired).</summary>
    public bool DefaultNeedsAuth => !Default.NoPass || Default.Disabled;

    // ---- the permission check --------------------------------------------------------------

    /// <summary>
    /// May <paramref name="user"/> run the command in <paramref name="args"/> (its name at
    /// <paramref name="offset"/>)? If no selector allows it, the refusal reported is the command,
    /// or else the last key or channel no selector could match (cf. ACLCheckAllUserCommandPerm).
    /// </summary>
    public AclDenial Check(AclUser user, CommandDef command, ArgList args, int offset, out int position)
    {
        position = 0;
        if (user.Unrestricted) return AclDenial.None;
        int id = Index.Id(command);
        var relevant = AclDenial.Command;
        List<KeyReference>? keys = null;
        foreach (var selector in user.Selectors)
        {
            var denial = selector.Check(command, id, args, offset, ref keys, out int at);
            if (denial == AclDenial.None) return AclDenial.None;
            if (denial > relevant || (denial == relevant && at > position))
            {
                relevant = denial;
                position = at;
            }
        }
        return relevant;
    }

    /// <summary>
    /// Records a refusal (cf. addACLLogEntry). The object is the command's full name, the key or
    /// channel at <paramref name="position"/>, or for AUTH the command name; a script's refusal
    /// shows the client that ran the script.
    /// </summary>
    public void AddLogEntry(Client client, AclDenial reason, AclLogContext context, int position,
        byte[]? username = null, byte[]? obj = null, CommandDef? command = null)
    {
        var real = client.Socket is null && _server.Scripting.Running is { } run ? run.Caller : client;
        var entry = new AclLogEntry
        {
            Reason = reason,
            Context = context,
            Username = username ?? client.User.Name,
            CreatedMs = Clock.UnixMs,
            Object = obj ?? reason switch
            {
                AclDenial.Command => Encoding.ASCII.GetBytes((command ?? client.LastCommand)!.FullName),
                AclDenial.Key or AclDenial.Channel => client.Args.ToArray(position),
                _ => [],
            },
            ClientInfo = ClientCommands.InfoLine(real),
        };
        Log.Add(entry, _server.Config.AclLogMaxLen);
    }

    // ---- rule errors and selector arguments --------------------------------------------------

    /// <summary>Redis's words for a refused rule (cf. ACLSetUserStringError).</summary>
    public static string Describe(AclRuleError error) => error switch
    {
        AclRuleError.UnknownCommand => "Unknown command or category name in ACL",
        AclRuleError.Syntax => "Syntax error",
        AclRuleError.KeyAfterAllKeys => "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
        AclRuleError.ChannelAfterAllChannels => "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
        AclRuleError.NoSuchPassword => "The password you are trying to remove from the user does not exist",
        AclRuleError.BadHash => "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
        AclRuleError.FirstArgOfSubcommand => "Allowing first-arg of a subcommand is not supported",
        _ => "Wrong format",
    };

    /// <summary>
    /// Joins a selector written across several arguments ("(+get", "~k)") into one rule; null when a
    /// parenthesis stays open, with the index of the argument that opened it (cf. ACLMergeSelectorArguments).
    /// </summary>
    public static List<byte[]>? MergeSelectorArguments(IReadOnlyList<byte[]> rules, out int openedAt)
    {
        openedAt = -1;
        var merged = new List<byte[]>(rules.Count);
        List<byte>? selector = null;
        for (int j = 0; j < rules.Count; j++)
        {
            var op = rules[j];
            if (op.Length > 0 && op[0] == (byte)'(' && op[^1] != (byte)')')
            {
                selector = new List<byte>(op);
                openedAt = j;
                continue;
            }
            if (selector is not null)
            {
                selector.Add((byte)' ');
                selector.AddRange(op);
                if (op.Length > 0 && op[^1] == (byte)')')
                {
                    merged.Add(selector.ToArray());
                    selector = null;
                    openedAt = -1;
                }
                continue;
            }
            merged.Add(op);
        }
        return selector is null ? merged : null;
    }

    // ---- start-up, ACL LOAD and ACL SAVE -------------------------------------------------------

    /// <summary>
    /// Loads the "user" lines of the configuration, or the aclfile; never both (cf.
    /// ACLLoadUsersAtStartup). Returns the reason to abort start-up, or null.
    /// </summary>
    public string? LoadAtStartup()
    {
        var config = _server.Config;
        if (config.AclFile.Length > 0 && config.UserDefinitions.Count > 0)
            return "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. " +
                "This setup is very likely to lead to configuration errors and security holes, please define either an ACL file " +
                "or declare users directly in your redis.conf, but not both.";
        foreach (var definition in config.UserDefinitions)
        {
            var name = definition[0];
            if (AclSelector.HasSpaces(name)) return "Spaces not allowed in ACL usernames";
            var user = Find(name);
            if (user is null)
            {
                user = NewUser(name);
                _users.Add(name, user);
            }
            else user.Apply("reset"u8);
            for (int j = 1; j < definition.Length; j++)
            {
                var error = user.Apply(definition[j]);
                if (error != AclRuleError.None)
                    return $"Error loading ACL rule '{Encoding.Latin1.GetString(definition[j])}' for the user named " +
                        $"'{Encoding.Latin1.GetString(name)}': {Describe(error)}";
            }
        }
        if (config.AclFile.Length > 0 && LoadFromFile(config.AclFile, current: null) is { } errors)
            return "Aborting Redis startup because of ACL errors: " + errors;
        return null;
    }

    /// <summary>
    /// Checks a "user name rules..." line of the configuration against a scratch user, so that
    /// a bad rule stops start-up with its line; unknown commands are let through, as Redis does.
    /// Returns the error text, or null. cf. ACLAppendUserForLoading.
    /// </summary>
    public static string? ValidateUserDefinition(ServerConfig config, byte[][] line)
    {
        var rules = line[2..];
        var merged = MergeSelectorArguments(rules, out int openedAt);
        if (merged is null) return ConfigError(line, openedAt, AclRuleError.None);
        foreach (var existing in config.UserDefinitions)
        {
            if (existing[0].AsSpan().SequenceEqual(line[1]))
                return $"Error in user declaration '{Encoding.Latin1.GetString(line[1])}': Duplicate user found. A user can only be defined once in config files";
        }
        var scratch = new AclUser(line[1], s_validationIndex.Value, () => config.AclPubsubDefault == "allchannels");
        for (int j = 0; j < merged.Count; j++)
        {
            var error = scratch.Apply(merged[j]);
            if (error is not AclRuleError.None and not AclRuleError.UnknownCommand) return ConfigError(line, j, error);
        }
        config.UserDefinitions.Add([line[1], .. merged]);
        return null;
    }

    // Redis names the argument by its index into the merged rules, but reads it from the whole line.
    private static string ConfigError(byte[][] line, int index, AclRuleError error) =>
        $"Error in user declaration '{Encoding.Latin1.GetString(line[Math.Clamp(index, 0, line.Length - 1)])}': {Describe(error)}";

    private static readonly Lazy<AclCommandIndex> s_validationIndex = new(() => new AclCommandIndex(new CommandTable()));

    /// <summary>
    /// Replaces every user with those of the ACL file, or changes nothing and returns the errors
    /// found (all of them, on one line). Clients of the replaced users are disconnected.
    /// cf. ACLLoadFromFile.
    /// </summary>
    public string? LoadFromFile(string path, Client? current)
    {
        string content;
        try
        {
            content = File.ReadAllText(path, Encoding.Latin1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Error loading ACLs, opening file '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : e.Message)}";
        }
        string file = _server.Config.AclFile;
        var errors = new StringBuilder();
        var users = new SortedDictionary<byte[], AclUser>(ByteOrder.Instance);
        var lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0) continue;
            var words = line.Split(' ');
            if (words[0] != "user" || words.Length < 2)
            {
                errors.Append($"{file}:{lineNumber} should start with user keyword followed by the username. ");
                continue;
            }
            var name = Encoding.Latin1.GetBytes(words[1]);
            if (AclSelector.HasSpaces(name))
            {
                errors.Append($"'{file}:{lineNumber}: username '{words[1]}' contains invalid characters. ");
                continue;
            }
            if (users.ContainsKey(name))
            {
                errors.Append($"WARNING: Duplicate user '{words[1]}' found on line {lineNumber}. ");
                continue;
            }
            var user = NewUser(name);
            users.Add(name, user);
            var rules = new List<byte[]>();
            for (int w = 2; w < words.Length; w++) rules.Add(Encoding.Latin1.GetBytes(words[w]));
            var merged = MergeSelectorArguments(rules, out _);
            if (merged is null)
            {
                errors.Append($"{file}:{lineNumber}: Unmatched parenthesis in selector definition.");
                continue;
            }
            foreach (var rule in merged)
            {
                string text = Encoding.Latin1.GetString(rule).Trim('\t', '\r', '\n');
                var error = user.Apply(Encoding.Latin1.GetBytes(text));
                // Only an unknown command is named: other rules may hold a password.
                if (error == AclRuleError.UnknownCommand)
                    errors.Append($"{file}:{lineNumber}: Error in applying operation '{text}': {Describe(error)}. ");
                else if (error != AclRuleError.None) errors.Append($"{file}:{lineNumber}: {Describe(error)}. ");
            }
        }
        if (errors.Length > 0)
            return errors.Append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed").ToString();

        // The default user object is referenced everywhere: it takes the new rules in place.
        var newDefault = users.GetValueOrDefault(Default.Name) ?? CreateDefaultUser();
        Default.CopyFrom(newDefault);
        users[Default.Name] = Default;
        _users = users;
        DisconnectClientsOf(u => u != Default, current!);
        return null;
    }

    /// <summary>Writes every user as a "user" line to a temporary file, then renames it over the ACL file.</summary>
    public bool SaveToFile(string path)
    {
        var text = new StringBuilder();
        foreach (var user in _users.Values) text.Append("user ").Append(user.NameText).Append(' ').Append(user.Describe()).Append('\n');
        string temporary = $"{path}.tmp-{Environment.ProcessId}-{Clock.UnixMs}";
        try
        {
            File.WriteAllText(temporary, text.ToString(), Encoding.Latin1);
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            EventLoop.Log.Warning($"Writing ACL file for ACL SAVE: {e.Message}");
            if (File.Exists(temporary)) File.Delete(temporary);
            return false;
        }
    }

    /// <summary>Names in byte order, as Redis's radix tree keeps them.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
