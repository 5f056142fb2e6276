using Maildriver.MailPorts.Imap.Mailbox;

namespace Maildriver.MailPorts.Imap.Search;

/// <summary>A parsed SEARCH: the test on a message (its sequence number and itself), and what it needs read first.</summary>
/// <param name="Matches">The test.</param>
/// <param name="ReadsSummaries">Whether it looks at a message's size or date, which the session must then read (<see cref="ImapMessage.Take"/>).</param>
/// <param name="ReadsTexts">Whether it looks at <see cref="ImapMessage.Texts"/> too.</param>
internal sealed record SearchTest(Func<int, ImapMessage, bool> Matches, bool ReadsSummaries, bool ReadsTexts);
