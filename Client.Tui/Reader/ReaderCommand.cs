namespace Maildriver.Client.Reader;

/// <summary>What a key means on the list, pager, review and help screens (see <see cref="ReaderKeyMap"/>).</summary>
internal enum ReaderCommand
{
    None,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    NextLetter,
    PreviousLetter,
    Back,
    Quit,
    Compose,
    Reply,
    Delete,
    SaveAttachment,
    Search,
    ClearSearch,
    Refresh,
    Reverse,
    Help,
    Send,
    EditInEditor,
    EditTo,
    EditSubject,
    EditBody,
}

/// <summary>What a key means while typing in a field.</summary>
internal enum TextCommand
{
    None,
    Insert,
    Backspace,
    DeleteForward,
    Left,
    Right,
    Home,
    End,
    Up,
    Down,
    KillLine,
    KillWord,
    NextField,
    PreviousField,
    Enter,
    Done,
    Editor,
}
