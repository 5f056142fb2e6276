using System.Net;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>One side's IMAP server and the two filled mailboxes of the workload.</summary>
/// <param name="EndPoint">The IMAP port.</param>
/// <param name="FetchUser">The user whose INBOX holds <paramref name="FetchLetters"/> letters.</param>
/// <param name="FetchPassword">Their password.</param>
/// <param name="FetchLetters">How many.</param>
/// <param name="SelectUser">The user whose INBOX holds <paramref name="SelectLetters"/> letters.</param>
/// <param name="SelectPassword">Their password.</param>
/// <param name="SelectLetters">How many.</param>
public sealed record ImapMailboxes(
    DnsEndPoint EndPoint,
    string FetchUser,
    string FetchPassword,
    int FetchLetters,
    string SelectUser,
    string SelectPassword,
    int SelectLetters);
