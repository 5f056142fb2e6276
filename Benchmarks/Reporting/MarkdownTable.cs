using System.Text;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>A table as Markdown, columns padded so that it also reads well as plain text.</summary>
public sealed class MarkdownTable
{
    private readonly string[] _header;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with these column headings; the columns in <paramref name="rightAligned"/> (indexes) hold figures.</summary>
    public MarkdownTable(IReadOnlyList<string> header, params int[] rightAligned)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = [.. header];
        _rightAligned = [.. _header.Select((_, i) => rightAligned.Contains(i))];
    }

    /// <summary>Adds a row (as many cells as headings).</summary>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _header.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_header.Length} columns", nameof(cells));
        }

        // A pipe inside a cell would end it.
        _rows.Add([.. cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))]);
    }

    /// <summary>The table, one line per row, ending with a newline.</summary>
    public override string ToString()
    {
        var widths = _header.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Append(3).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, _header, widths);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(' ').Append(new string('-', widths[i] - 1)).Append(_rightAligned[i] ? ':' : '-').Append(" |");
        }

        text.Append('\n');
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = _rightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(' ').Append(cell).Append(" |");
        }

        text.Append('\n');
    }
}
