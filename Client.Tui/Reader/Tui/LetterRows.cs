using System.Collections;
using System.Collections.Specialized;
using Terminal.Gui.Views;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// The letters as the <see cref="ListView"/> sees them: the mailbox's visible letters, each drawn as the list row
/// <see cref="IndexView.Row"/> makes (marker, N or D, date, sender, subject). Only the rows on screen are drawn, so
/// a mailbox of 10,000 letters costs what a screenful does.
/// </summary>
/// <param name="zone">The time zone dates are shown in.</param>
internal sealed class LetterRows(TimeZoneInfo zone) : IListDataSource
{
    private Mailbox _mailbox = Mailbox.Empty;
    private IReadOnlyList<LetterItem> _visible = [];

    /// <inheritdoc />
    public event NotifyCollectionChangedEventHandler? CollectionChanged;

    /// <inheritdoc />
    public int Count => _visible.Count;

    /// <inheritdoc />
    public int MaxItemLength => 0;

    /// <inheritdoc />
    public bool SuspendCollectionChangedEvent { get; set; }

    /// <summary>Takes the mailbox to show; says whether anything the list draws changed.</summary>
    public bool Show(Mailbox mailbox)
    {
        if (ReferenceEquals(mailbox.Letters, _mailbox.Letters) && mailbox.Filter == _mailbox.Filter && mailbox.Cursor == _mailbox.Cursor)
        {
            return false;
        }

        var countBefore = _visible.Count;
        _mailbox = mailbox;
        _visible = mailbox.Visible;
        if (countBefore != _visible.Count && !SuspendCollectionChangedEvent)
        {
            CollectionChanged?.Invoke(this, new NotifyCollectionChangedEventArgs(NotifyCollectionChangedAction.Reset));
        }

        return true;
    }

    /// <summary>The letter at a row, if there is one.</summary>
    public LetterItem? At(int index) => index >= 0 && index < _visible.Count ? _visible[index] : null;

    /// <inheritdoc />
    public bool IsMarked(int item) => false;

    /// <inheritdoc />
    public void SetMark(int item, bool value)
    {
        // The reader marks nothing: a letter is acted on where the cursor is.
    }

    /// <inheritdoc />
    public void Render(ListView listView, bool selected, int item, int col, int row, int width, int viewportX = 0)
    {
        if (At(item) is not { } letter)
        {
            return;
        }

        // The cursor is the view-model's, not the ListView's idea of the selection: the two agree after every update,
        // and drawing from one source keeps the marker and the highlight on the same row.
        StyledRows.Paint(listView, IndexView.Row(letter, item == _mailbox.Cursor, width, zone), col, row, width);
    }

    /// <inheritdoc />
    public IList ToList() => _visible.ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        CollectionChanged = null;
    }
}
