// Takes SIGINT and SIGTERM back from a parent that ignored them. cf. setupSignalHandlers in
// server.c, which installs Redis's handlers with sigaction whatever the process inherited.

using System.Runtime.InteropServices;

namespace EventLoopRedis;

/// <summary>
/// A shell starts a background job with SIGINT ignored (<c>cmd &amp;</c> in a script, or
/// <c>trap "" INT</c>), and an ignored disposition survives exec. The .NET runtime notes each
/// signal's disposition as it starts and never handles one that was ignored (a handler would
/// change what the process's own children inherit), so a PosixSignalRegistration for SIGINT
/// then never fires, and resetting the disposition afterwards only restores the default action
/// (death without the shutdown). Redis installs its handler regardless. So, first thing, a
/// server that finds SIGINT or SIGTERM ignored resets them to the default and executes itself
/// again, same program, same arguments, same pid: the runtime then starts with them handled.
/// </summary>
internal static unsafe partial class InheritedSignals
{
    private const int SigInt = 2, SigTerm = 15;
    private static readonly IntPtr SigDfl = 0, SigIgn = 1;

    /// <summary>
    /// Returns only if neither signal was ignored (or this is not Linux, where /proc gives the
    /// command line); otherwise the process is replaced, or, if exec fails, it goes on as it is.
    /// </summary>
    public static void TakeBack()
    {
        if (!OperatingSystem.IsLinux()) return;
        bool ignored = false;
        // struct sigaction starts with the handler in glibc and musl; the rest of it is not read.
        byte* action = stackalloc byte[512];
        foreach (int signal in (ReadOnlySpan<int>)[SigInt, SigTerm])
        {
            if (sigaction(signal, null, action) != 0 || *(IntPtr*)action != SigIgn) continue;
            signal_(signal, SigDfl);
            ignored = true;
        }
        if (ignored) ExecuteAgain();
    }

    /// <summary>execv of /proc/self/exe with /proc/self/cmdline: the host (dotnet or the apphost) and every argument.</summary>
    private static void ExecuteAgain()
    {
        byte[] commandLine = File.ReadAllBytes("/proc/self/cmdline");
        var arguments = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < commandLine.Length; i++)
        {
            if (commandLine[i] != 0) continue;
            arguments.Add(commandLine[start..(i + 1)]); // with its NUL
            start = i + 1;
        }
        var handles = new List<GCHandle>();
        var argv = new IntPtr[arguments.Count + 1];
        for (int i = 0; i < arguments.Count; i++)
        {
            var handle = GCHandle.Alloc(arguments[i], GCHandleType.Pinned);
            handles.Add(handle);
            argv[i] = handle.AddrOfPinnedObject();
        }
        fixed (IntPtr* pointers = argv)
        fixed (byte* path = "/proc/self/exe\0"u8)
            execv(path, pointers);
        // Still here: exec failed. Serve on; SIGINT then only has its default action.
        foreach (var handle in handles) handle.Free();
        Console.Error.WriteLine("Could not re-execute to take SIGINT/SIGTERM back: " + Marshal.GetLastPInvokeErrorMessage());
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static partial int sigaction(int signal, byte* action, byte* oldAction);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr signal_(int signal, IntPtr handler);

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static partial int execv(byte* path, IntPtr* argv);
}
