// WATCH's bookkeeping: which clients watch which keys, and marking them dirty when one changes.
// cf. the WATCH half of multi.c (watchForKey, unwatchAllKeys, touchWatchedKey,
// touchAllWatchedKeysInDb, isWatchedKeyExpired).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

/// <summary>One key a client watches, in the database it had selected when it sent WATCH.</summary>
internal sealed class WatchedKey(byte[] key, Database db, Client client, bool expired)
{
    public byte[] Key { get; } = key;
    public Database Db { get; } = db;
    public Client Client { get; } = client;

    /// <summary>
    /// The key had already expired (but was not yet deleted) when WATCH ran. Redis 7.0 treats
    /// its later deletion as no change: for the watcher the key was gone all along.
    /// </summary>
    public bool Expired { get; set; } = expired;
}

/// <summary>
/// Two views of the same watches, as in Redis: per database, key → the watches on it (so a
/// changed key finds its watchers in O(1)); per client, the list of its watches (so UNWATCH,
/// EXEC and disconnection undo them without a search).
/// </summary>
internal sealed class WatchedKeys
{
    private readonly Dict<List<WatchedKey>>[] _byDb;

    public WatchedKeys(int databases)
    {
        _byDb = new Dict<List<WatchedKey>>[databases];
        for (int i = 0; i < databases; i++) _byDb[i] = new Dict<List<WatchedKey>>();
    }

    /// <summary>Watches <paramref name="key"/> in the client's current database (once: a repeat is ignored).</summary>
    public void Watch(Client client, ReadOnlySpan<byte> key)
    {
        var db = client.Db;
        foreach (var watched in client.WatchedKeys)
        {
            if (watched.Db == db && watched.Key.AsSpan().SequenceEqual(key)) return;
        }
        var keys = _byDb[db.Id];
        if (!keys.TryGetValue(key, out var watchers))
        {
            watchers = new List<WatchedKey>(1);
            keys.TryAdd(key.ToArray(), watchers);
        }
        var entry = new WatchedKey(key.ToArray(), db, client, db.IsKeyExpired(key));
        watchers.Add(entry);
        client.WatchedKeys.Add(entry);
    }

    /// <summary>Forgets every watch of <paramref name="client"/>; clearing its dirty flag is the caller's business.</summary>
    public void UnwatchAll(Client client)
    {
        foreach (var watched in client.WatchedKeys)
        {
            var keys = _byDb[watched.Db.Id];
            if (!keys.TryGetValue(watched.Key, out var watchers)) continue;
            watchers.Remove(watched);
            if (watchers.Count == 0) keys.Remove(watched.Key);
        }
        client.WatchedKeys.Clear();
    }

    /// <summary>
    /// A key changed (the <see cref="Database.KeyModified"/> hook): every client watching it
    /// becomes dirty, so its EXEC will fail. A watcher that saw the key already expired is
    /// spared if the change is the key's deletion. A dirty client's watches are dropped at
    /// once: nothing can make it clean again but UNWATCH or the end of its transaction.
    /// </summary>
    public void Touch(Database db, ReadOnlySpan<byte> key)
    {
        var keys = _byDb[db.Id];
        if (keys.Count == 0 || !keys.TryGetValue(key, out var watchers)) return;
        for (int i = watchers.Count - 1; i >= 0 && i < watchers.Count; i--)
        {
            var watched = watchers[i];
            if (watched.Expired && !db.ContainsIncludingExpired(key))
            {
                watched.Expired = false; // the expired key is now deleted: logically nothing changed
                continue;
            }
            watched.Client.DirtyCas = true;
            UnwatchAll(watched.Client);
        }
    }

    /// <summary>
    /// FLUSHDB, FLUSHALL (<paramref name="replacedWith"/> null) and SWAPDB (the database whose
    /// contents take <paramref name="emptied"/>'s place) touch every watched key that exists now,
    /// or will exist afterwards, as touchAllWatchedKeysInDb does. Called before the change.
    /// </summary>
    public void TouchAllInDb(Database emptied, Database? replacedWith)
    {
        var keys = _byDb[emptied.Id];
        if (keys.Count == 0) return;
        var dirty = new List<Client>();
        foreach (var (key, watchers) in keys)
        {
            bool existsInEmptied = emptied.ContainsIncludingExpired(key);
            bool existsInReplacement = replacedWith is not null && replacedWith.ContainsIncludingExpired(key);
            if (!existsInEmptied && !existsInReplacement) continue;
            foreach (var watched in watchers)
            {
                if (watched.Expired)
                {
                    if (!existsInReplacement)
                    {
                        watched.Expired = false; // the expired key is deleted: no logical change
                        continue;
                    }
                    if (replacedWith!.IsKeyExpired(key)) continue; // expired before, expired after
                }
                else if (!existsInEmptied && replacedWith!.IsKeyExpired(key))
                {
                    watched.Expired = true; // a missing key replaced by an expired one
                    continue;
                }
                dirty.Add(watched.Client);
            }
        }
        // Marked after the walk: unwatching while iterating would change the lists being walked.
        foreach (var client in dirty)
        {
            client.DirtyCas = true;
            UnwatchAll(client);
        }
    }

    /// <summary>True when a key that was live at WATCH time has expired since (EXEC then fails, cf. isWatchedKeyExpired).</summary>
    public static bool AnyExpiredSinceWatch(Client client)
    {
        foreach (var watched in client.WatchedKeys)
        {
            if (!watched.Expired && watched.Db.IsKeyExpired(watched.Key)) return true;
        }
        return false;
    }
}
