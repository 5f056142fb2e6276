using System.Drawing;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TuiCursor = Terminal.Gui.Drivers.Cursor;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// The reader's one Terminal.Gui window: the hint line on top, the letters in a <see cref="ListView"/>, the reading
/// pane or a form below them, the status line and the message line. It holds no state of its own: each
/// <see cref="Show"/> lays it out and fills it from the view-model's state and the frame <see cref="ReaderView"/>
/// made of it, so what the views show and what the snapshot tests check are the same rows.
/// </summary>
internal sealed class ReaderScreen : Runnable
{
    private readonly StyledRows _hints = new();
    private readonly ListView _list;
    private readonly LetterRows _rows;
    private readonly StyledRows _body = new();
    private readonly StyledRows _status = new();
    private readonly StyledRows _message = new();
    private readonly Action<int, bool> _onPoint;

    /// <param name="zone">The time zone dates are shown in.</param>
    /// <param name="onPoint">A letter was clicked (row, and whether to open it: a double click).</param>
    public ReaderScreen(TimeZoneInfo zone, Action<int, bool> onPoint)
    {
        _onPoint = onPoint;
        _rows = new LetterRows(zone);
        _list = new ListView { Source = _rows, CanFocus = true, Visible = false };
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        // Clicks are read here, not through the ListView's selection: the view-model owns the cursor, and a double
        // click must open the letter under the pointer whatever order the ListView raises its own events in.
        _list.MouseEvent += (_, mouse) =>
        {
            if (mouse.IsSingleClicked || mouse.IsDoubleClicked)
            {
                mouse.Handled = true;
                if (mouse.Position is { } at)
                {
                    _onPoint(_list.Viewport.Y + at.Y, mouse.IsDoubleClicked);
                }
            }
        };
        Add(_hints, _list, _body, _status, _message);
    }

    /// <summary>Lays the window out for <paramref name="state"/> and fills it from <paramref name="frame"/>.</summary>
    public void Show(ReaderState state, ScreenFrame frame)
    {
        var (width, height) = (frame.Size.Width, frame.Size.Height);
        var tooSmall = width < ReaderLayout.Minimum.Width || height < ReaderLayout.Minimum.Height;
        if (tooSmall)
        {
            Place(_body, 0, height, frame, 0);
            _hints.Visible = _status.Visible = _message.Visible = _list.Visible = false;
            return;
        }

        _hints.Visible = _status.Visible = _message.Visible = true;
        Place(_hints, 0, 1, frame, 0);
        Place(_status, height - 2, 1, frame, height - 2);
        Place(_message, height - 1, 1, frame, height - 1);

        var layout = ReaderLayout.For(state);
        var listShown = state.Screen is Screen.Index or Screen.Pager && layout.ListRows > 0 && state.Mailbox.Visible.Count > 0;
        _list.Visible = listShown;
        if (listShown)
        {
            _list.X = 0;
            _list.Y = layout.ListTop;
            _list.Width = width;
            _list.Height = layout.ListRows;
            ShowLetters(state.Mailbox, layout.ListRows);
            var below = layout.ListTop + layout.ListRows;
            Place(_body, below, height - 2 - below, frame, below);
        }
        else
        {
            Place(_body, 1, height - 3, frame, 1);
        }

        Cursor = frame.Cursor is { } at ? new TuiCursor { Position = new Point(at.Column, at.Row) } : new TuiCursor { Position = null };
    }

    private void ShowLetters(Mailbox mailbox, int rows)
    {
        var changed = _rows.Show(mailbox);
        if (_list.SelectedItem != mailbox.Cursor)
        {
            _list.SelectedItem = mailbox.Cursor;
        }

        // Whole pages, as the snapshots and mutt have it: the list moves a page at a time.
        var top = mailbox.Cursor - (mailbox.Cursor % Math.Max(1, rows));
        if (_list.Viewport.Y != top)
        {
            _list.Viewport = _list.Viewport with { Y = top };
        }

        if (changed)
        {
            _list.SetNeedsDraw();
        }
    }

    private static void Place(StyledRows view, int top, int rows, ScreenFrame frame, int firstRow)
    {
        view.X = 0;
        view.Y = top;
        view.Width = Dim.Fill();
        view.Height = Math.Max(0, rows);
        view.Visible = rows > 0;
        view.Show(frame, firstRow, rows);
    }
}
