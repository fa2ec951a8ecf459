// The FUNCTION DUMP payload: each library's code as an RDB FUNCTION2 record, then the RDB version
// and a CRC64, as a DUMP payload ends. cf. functionDumpCommand and functionRestoreCommand in
// functions.c; the RDB strings, LZF and CRC64 are Persistence/Rdb's.

using System.Buffers;
using EventLoopRedis.Persistence.Rdb;

namespace EventLoopRedis.Scripting;

internal static class FunctionPayload
{
    /// <summary>Each library as opcode + RDB string, then the 2-byte RDB version and the CRC64 of everything before it.</summary>
    public static byte[] Dump(IEnumerable<FunctionLibrary> libraries, bool compress = true)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        foreach (var library in libraries) RdbWriter.WriteFunction(payload, library.Code, compress);
        DumpPayload.AppendFooter(payload);
        return payload.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The libraries' codes in <paramref name="payload"/>, or null with Redis's message.
    /// cf. verifyDumpPayload and the loop of functionRestoreCommand.
    /// </summary>
    public static List<byte[]>? Read(ReadOnlySpan<byte> payload, out string error)
    {
        error = "";
        if (!DumpPayload.Verify(payload, out var body))
        {
            error = "DUMP payload version or checksum are wrong";
            return null;
        }
        var codes = new List<byte[]>();
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        var input = new RdbInput(stream);
        while (input.Remaining > 0)
        {
            byte type = input.ReadByte();
            if (type == RdbFormat.OpcodeFunctionPreGa)
            {
                error = "Pre-GA function format not supported";
                return null;
            }
            if (type != RdbFormat.OpcodeFunction2)
            {
                error = "given type is not a function";
                return null;
            }
            try
            {
                codes.Add(input.ReadString());
            }
            catch (RdbFormatException)
            {
                error = "Failed loading library payload";
                return null;
            }
        }
        return codes;
    }
}
