// LOLWUT: computer art and the version. Version 5 draws Georg Nees's "Schotter" in braille
// characters; other versions print the version line, as Redis 7.0 does for its own version.
// cf. lolwut.c (lolwutCommand, renderCanvas, lwDrawLine) and lolwut5.c (lwDrawSchotter).

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class LolwutCommands
{
    /// <summary>Format: <c>LOLWUT [VERSION version] [columns] [squares per row] [squares per column]</c></summary>
    public static void Lolwut(Client client)
    {
        var args = client.Args;
        int first = 1;
        long version = 7;
        if (args.Count >= 3 && args.Is(1, "VERSION"u8))
        {
            if (!Numbers.TryParseLong(args[2], out version))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            first = 3;
        }
        // Redis turns the number into "N.0.0" as an unsigned int and picks the art by its first digit.
        string v = $"{(uint)version}.0.0";
        if (v[0] == '5' && v[1] == '.' && v[2] != '9' || v[0] == '4' && v[1] == '.' && v[2] == '9') Schotter(client, first);
        else if (v[0] == '6' && v[1] == '.' && v[2] != '9' || v[0] == '5' && v[1] == '.' && v[2] == '9')
            client.Reply.Error("ERR LOLWUT version 6 is not implemented in this server"u8);
        else client.Reply.Verbatim(Encoding.ASCII.GetBytes($"Redis ver. {RedisServer.Version}\n"), "txt"u8);
    }

    /// <summary>Version 5: squares in rows, more and more rotated and shifted going down (cf. lolwut5Command).</summary>
    private static void Schotter(Client client, int first)
    {
        var args = client.Args;
        long[] values = [66, 8, 12];
        for (int i = 0; i < 3 && first + i < args.Count; i++)
        {
            if (!Numbers.TryParseLong(args[first + i], out values[i]))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
        }
        int cols = (int)Math.Clamp(values[0], 1, 1000);
        int perRow = (int)Math.Clamp(values[1], 1, 200);
        int perCol = (int)Math.Clamp(values[2], 1, 200);

        int width = cols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float)(width - padding * 2) / perRow;
        int height = (int)(side * perCol + padding * 2);
        var canvas = new bool[width, height];
        for (int y = 0; y < perCol; y++)
        {
            for (int x = 0; x < perRow; x++)
            {
                int sx = (int)(x * side + side / 2 + padding);
                int sy = (int)(y * side + side / 2 + padding);
                float angle = 0;
                if (y > 1)
                {
                    float r1 = Random.Shared.NextSingle() / perCol * y;
                    float r2 = Random.Shared.NextSingle() / perCol * y;
                    float r3 = Random.Shared.NextSingle() / perCol * y;
                    if (Random.Shared.Next(2) == 1) r1 = -r1;
                    if (Random.Shared.Next(2) == 1) r2 = -r2;
                    if (Random.Shared.Next(2) == 1) r3 = -r3;
                    angle = r1;
                    sx += (int)(r2 * side / 3);
                    sy += (int)(r3 * side / 3);
                }
                DrawSquare(canvas, sx, sy, side, angle);
            }
        }
        var text = new StringBuilder();
        Render(canvas, text);
        text.Append("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ").Append(RedisServer.Version).Append('\n');
        client.Reply.Verbatim(Encoding.UTF8.GetBytes(text.ToString()), "txt"u8);
    }

    private static void DrawSquare(bool[,] canvas, int x, int y, float size, float angle)
    {
        size = (float)Math.Round(size / 1.4142135623, MidpointRounding.AwayFromZero);
        float k = (float)(Math.PI / 4 + angle);
        Span<int> px = stackalloc int[4], py = stackalloc int[4];
        for (int j = 0; j < 4; j++)
        {
            px[j] = (int)Math.Round(Math.Sin(k) * size + x, MidpointRounding.AwayFromZero);
            py[j] = (int)Math.Round(Math.Cos(k) * size + y, MidpointRounding.AwayFromZero);
            k = (float)(k + Math.PI / 2);
        }
        for (int j = 0; j < 4; j++) DrawLine(canvas, px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
    }

    /// <summary>Bresenham's line (cf. lwDrawLine); pixels off the canvas are dropped.</summary>
    private static void DrawLine(bool[,] canvas, int x1, int y1, int x2, int y2)
    {
        int dx = Math.Abs(x2 - x1), dy = Math.Abs(y2 - y1);
        int stepX = x1 < x2 ? 1 : -1, stepY = y1 < y2 ? 1 : -1;
        int err = dx - dy;
        while (true)
        {
            if (x1 >= 0 && y1 >= 0 && x1 < canvas.GetLength(0) && y1 < canvas.GetLength(1)) canvas[x1, y1] = true;
            if (x1 == x2 && y1 == y2) break;
            int e2 = err * 2;
            if (e2 > -dy)
            {
                err -= dy;
                x1 += stepX;
            }
            if (e2 < dx)
            {
                err += dx;
                y1 += stepY;
            }
        }
    }

    /// <summary>Each 2x4 block of pixels as one braille character, U+2800 plus its dot bits (cf. renderCanvas).</summary>
    private static void Render(bool[,] canvas, StringBuilder text)
    {
        int width = canvas.GetLength(0), height = canvas.GetLength(1);
        bool Pixel(int x, int y) => x < width && y < height && canvas[x, y];
        for (int y = 0; y < height; y += 4)
        {
            for (int x = 0; x < width; x += 2)
            {
                int dots = (Pixel(x, y) ? 1 : 0) | (Pixel(x, y + 1) ? 2 : 0) | (Pixel(x, y + 2) ? 4 : 0)
                    | (Pixel(x + 1, y) ? 8 : 0) | (Pixel(x + 1, y + 1) ? 16 : 0) | (Pixel(x + 1, y + 2) ? 32 : 0)
                    | (Pixel(x, y + 3) ? 64 : 0) | (Pixel(x + 1, y + 3) ? 128 : 0);
                text.Append((char)(0x2800 + dots));
            }
            if (y != height - 1) text.Append('\n');
        }
    }
}
