using System.IO.Compression;
using System.Text;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>Opens snapshot files up and packs them again, to look at their lines or damage them on purpose.</summary>
internal static class SnapshotFiles
{
    public static List<string> Lines(byte[] snapshot)
    {
        using var reader = new StreamReader(new GZipStream(new MemoryStream(snapshot), CompressionMode.Decompress), Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public static byte[] Pack(IEnumerable<string> lines) => Compress(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    public static byte[] Compress(byte[] content)
    {
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return packed.ToArray();
    }
}
