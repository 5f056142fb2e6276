namespace Maildriver.Client.Reader;

/// <summary>What the reader is showing, and so how it reads keys.</summary>
internal enum Screen
{
    /// <summary>Gateways, user and password.</summary>
    Login,

    /// <summary>The message list has the keys; the reading pane shows the letter last opened.</summary>
    Index,

    /// <summary>The reading pane has the keys: scrolling, next and previous letter.</summary>
    Pager,

    /// <summary>Typing a letter: to, subject and body fields.</summary>
    Compose,

    /// <summary>The letter as it will go, before sending: send, edit, or abandon.</summary>
    Review,

    /// <summary>A send is on its way; the letter waits for its acknowledgement.</summary>
    Sending,

    /// <summary>The keys.</summary>
    Help,
}
