namespace Maildriver.TestSupport;

/// <summary>Reads the end of a log file another process may still be writing.</summary>
public static class LogFiles
{
    public static string Tail(string path, int lines)
    {
        if (!File.Exists(path))
        {
            return "(no log)";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var tail = new Queue<string>(lines + 1);
        while (reader.ReadLine() is { } line)
        {
            tail.Enqueue(line);
            if (tail.Count > lines)
            {
                tail.Dequeue();
            }
        }

        return tail.Count == 0 ? "(empty log)" : string.Join('\n', tail);
    }
}
