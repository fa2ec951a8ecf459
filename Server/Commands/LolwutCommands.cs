// LOLWUT: computer art and the version. Version 5 draws Georg Nees's "Schotter" in braille
// characters, version 6 a city skyline in four terminal grays; other versions print the version
// line, as Redis 7.0 does for its own version.
// cf. lolwut.c (lolwutCommand, renderCanvas, lwDrawLine), lolwut5.c (lwDrawSchotter) and lolwut6.c.

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
            Skyline(client, first);
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

    /// <summary>Version 6: <c>[columns] [rows]</c>, a skyline of skyscrapers in three layers (cf. lolwut6Command).</summary>
    private static void Skyline(Client client, int first)
    {
        var args = client.Args;
        long[] values = [80, 20];
        for (int i = 0; i < 2 && first + i < args.Count; i++)
        {
            if (!Numbers.TryParseLong(args[first + i], out values[i]))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
        }
        var canvas = new GrayCanvas((int)Math.Clamp(values[0], 1, 1000), (int)Math.Clamp(values[1], 1, 1000));
        DrawSkyline(canvas);
        var text = new StringBuilder();
        for (int y = 0; y < canvas.Height; y++)
        {
            for (int x = 0; x < canvas.Width; x++)
            {
                // Foreground and background both set, so every terminal shows the same gray (cf. renderCanvas).
                string escape = canvas[x, y] switch
                {
                    1 => "0;90;100m",
                    2 => "0;37;47m",
                    3 => "0;97;107m",
                    _ => "0;30;40m",
                };
                text.Append("\u001b[").Append(escape).Append(" \u001b[0m");
            }
            if (y != canvas.Height - 1) text.Append('\n');
        }
        text.Append("\nDedicated to the 8 bit game developers of past and present.\n")
            .Append("Original 8 bit image from Plaguemon by hikikomori. Redis ver. ").Append(RedisServer.Version).Append('\n');
        client.Reply.Verbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>
    /// Two passes of windowless background towers, light gray behind darker gray, then black
    /// towers with windows in front (cf. generateSkyline). The arithmetic keeps C's precedence:
    /// <c>rand() % h / 2</c> is <c>(rand() % h) / 2</c>.
    /// </summary>
    private static void DrawSkyline(GrayCanvas canvas)
    {
        int w = canvas.Width, h = canvas.Height;
        for (int color = 2; color >= 1; color--)
        {
            for (int offset = -10; offset < w;)
            {
                offset += Rand() % 8;
                int width = 10 + Rand() % 9;
                int height = color == 2 ? h / 2 + Rand() % h / 2 : h / 2 + Rand() % h / 3;
                DrawSkyscraper(canvas, offset, width, height, windows: false, color);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < w;)
        {
            offset += Rand() % 8;
            int width = 5 + Rand() % 14;
            if (width % 4 != 0) width += width % 3;
            int height = h / 3 + Rand() % h / 2;
            DrawSkyscraper(canvas, offset, width, height, windows: true, color: 0);
            offset += width + 5;
        }
    }

    /// <summary>One tower standing on the bottom row, its roof two pixels narrower on each side (cf. generateSkyscraper).</summary>
    private static void DrawSkyscraper(GrayCanvas canvas, int xoff, int width, int height, bool windows, int color)
    {
        int starty = canvas.Height - 1;
        int endy = starty - height + 1;
        for (int y = starty; y >= endy; y--)
        {
            for (int x = xoff; x < xoff + width; x++)
            {
                if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) continue;
                int pixel = color;
                if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1)
                {
                    // Windows are two pixels wide and one tall (terminal cells are not square),
                    // each a random gray, both halves of one window the same.
                    int relx = x - (xoff + 1), rely = y - (endy + 1);
                    if (relx / 2 % 2 != 0 && rely % 2 != 0)
                    {
                        do pixel = 1 + Rand() % 2; while (pixel == color);
                        if (relx % 2 != 0) pixel = canvas[x - 1, y];
                    }
                }
                canvas[x, y] = pixel;
            }
        }
    }

    /// <summary>C's rand(): a non-negative int.</summary>
    private static int Rand() => Random.Shared.Next();

    /// <summary>A canvas of gray levels 0 (black) to 3 (white), starting white; pixels off it are dropped and read as black (cf. lwCanvas).</summary>
    private sealed class GrayCanvas(int width, int height)
    {
        private readonly byte[] _pixels = CreateWhite(width * height);

        public int Width { get; } = width;
        public int Height { get; } = height;

        public int this[int x, int y]
        {
            get => x < 0 || x >= Width || y < 0 || y >= Height ? 0 : _pixels[x + y * Width];
            set
            {
                if (x >= 0 && x < Width && y >= 0 && y < Height) _pixels[x + y * Width] = (byte)value;
            }
        }

        private static byte[] CreateWhite(int length)
        {
            var pixels = new byte[length];
            Array.Fill(pixels, (byte)3);
            return pixels;
        }
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
