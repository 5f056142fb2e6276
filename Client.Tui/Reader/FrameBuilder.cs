namespace Maildriver.Client.Reader;

/// <summary>Collects the rows of a frame; rows nobody draws stay blank.</summary>
internal sealed class FrameBuilder(TerminalSize size)
{
    private readonly StyledLine?[] _rows = new StyledLine?[size.Height];

    public TerminalSize Size => size;

    public int Width => size.Width;

    /// <summary>Where the terminal's cursor goes, or null to hide it.</summary>
    public (int Row, int Column)? Cursor { get; set; }

    public void Put(int row, StyledLine line)
    {
        if (row >= 0 && row < _rows.Length)
        {
            _rows[row] = line;
        }
    }

    public ScreenFrame Build()
        => new(size, _rows.Select(r => r ?? LineBuilder.Blank(size.Width)).ToList(), Cursor);
}
