namespace Maildriver.Client.Reader;

/// <summary>
/// Editable text with a cursor, immutable: every edit returns a new field. Multi-line text (a letter's body) is
/// one string with '\n'; <see cref="Up"/> and <see cref="Down"/> move between its lines. The cursor is a UTF-16
/// index that never splits a surrogate pair.
/// </summary>
internal sealed record TextField(string Text, int Cursor)
{
    /// <summary>An empty field.</summary>
    public static TextField Empty { get; } = new(string.Empty, 0);

    /// <summary>A field holding <paramref name="text"/> with the cursor at its end.</summary>
    public static TextField Of(string? text) => new(text ?? string.Empty, (text ?? string.Empty).Length);

    /// <summary>The line the cursor is on, from 0.</summary>
    public int Line => Text.AsSpan(0, Cursor).Count('\n');

    /// <summary>The cursor's offset within its line, in UTF-16 units.</summary>
    public int Column => Cursor - LineStart(Cursor);

    public TextField Insert(string s) => s.Length == 0 ? this : new(Text.Insert(Cursor, s), Cursor + s.Length);

    public TextField Insert(char c) => Insert(c.ToString());

    public TextField Backspace()
    {
        if (Cursor == 0)
        {
            return this;
        }

        var from = PreviousBoundary(Cursor);
        return new(Text.Remove(from, Cursor - from), from);
    }

    public TextField DeleteForward()
        => Cursor >= Text.Length ? this : this with { Text = Text.Remove(Cursor, NextBoundary(Cursor) - Cursor) };

    public TextField Left() => Cursor == 0 ? this : this with { Cursor = PreviousBoundary(Cursor) };

    public TextField Right() => Cursor >= Text.Length ? this : this with { Cursor = NextBoundary(Cursor) };

    /// <summary>To the start of the current line.</summary>
    public TextField Home() => this with { Cursor = LineStart(Cursor) };

    /// <summary>To the end of the current line.</summary>
    public TextField End() => this with { Cursor = LineEnd(Cursor) };

    /// <summary>Ctrl-U: deletes from the start of the line to the cursor.</summary>
    public TextField KillToLineStart()
    {
        var start = LineStart(Cursor);
        return new(Text.Remove(start, Cursor - start), start);
    }

    /// <summary>Ctrl-W: deletes the word before the cursor and the spaces after it.</summary>
    public TextField KillWord()
    {
        var i = Cursor;
        while (i > 0 && Text[i - 1] is ' ' or '\t')
        {
            i--;
        }

        while (i > 0 && Text[i - 1] is not (' ' or '\t' or '\n'))
        {
            i--;
        }

        return new(Text.Remove(i, Cursor - i), i);
    }

    /// <summary>One line up at the same column (or the line's end); unchanged on the first line.</summary>
    public TextField Up()
    {
        var start = LineStart(Cursor);
        if (start == 0)
        {
            return this;
        }

        var previousStart = LineStart(start - 1);
        return this with { Cursor = Snap(Math.Min(previousStart + Column, start - 1)) };
    }

    /// <summary>One line down at the same column (or the line's end); unchanged on the last line.</summary>
    public TextField Down()
    {
        var end = LineEnd(Cursor);
        if (end >= Text.Length)
        {
            return this;
        }

        var nextStart = end + 1;
        return this with { Cursor = Snap(Math.Min(nextStart + Column, LineEnd(nextStart))) };
    }

    private int LineStart(int index)
    {
        var nl = index == 0 ? -1 : Text.LastIndexOf('\n', index - 1);
        return nl + 1;
    }

    private int LineEnd(int index)
    {
        var nl = Text.IndexOf('\n', index);
        return nl < 0 ? Text.Length : nl;
    }

    private int PreviousBoundary(int index)
        => index >= 2 && char.IsLowSurrogate(Text[index - 1]) && char.IsHighSurrogate(Text[index - 2]) ? index - 2 : index - 1;

    private int NextBoundary(int index)
        => index + 1 < Text.Length && char.IsHighSurrogate(Text[index]) && char.IsLowSurrogate(Text[index + 1]) ? index + 2 : index + 1;

    // A column carried between lines may land inside a surrogate pair of the new line; step back to its start.
    private int Snap(int index)
        => index > 0 && index < Text.Length && char.IsLowSurrogate(Text[index]) && char.IsHighSurrogate(Text[index - 1]) ? index - 1 : index;
}
