using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Search;

/// <summary>
/// SEARCH's criteria (RFC 3501 section 6.4.4) as one test on a message: ALL, the flag keys (SEEN, UNSEEN,
/// FLAGGED, UNFLAGGED, ANSWERED, UNANSWERED, DELETED, UNDELETED), FROM, TO, SUBJECT (a substring, ignoring case,
/// of the header's From, To or Subject field as <see cref="SearchTexts"/> reads them), SINCE, BEFORE, ON (the
/// internal date), LARGER and SMALLER (the stored message's octets, RFC822.SIZE), UID and sequence sets, NOT, OR and
/// parenthesised lists; several keys together must all hold. Sizes, dates and texts are not in the mailbox's list:
/// the test says which it needs (<see cref="SearchTest"/>), and the session reads them first.
/// </summary>
internal static class SearchQuery
{
    /// <summary>The test the rest of the command names; <paramref name="count"/> and <paramref name="largestUid"/> resolve <c>*</c>.</summary>
    public static SearchTest Parse(ImapParser parser, int count, long largestUid)
    {
        ArgumentNullException.ThrowIfNull(parser);
        var context = new Context(parser, count, largestUid);
        if (parser.Peek is 'C' or 'c' && TryCharset(parser))
        {
            parser.Space();
        }

        var keys = new List<Func<int, ImapMessage, bool>> { context.Key() };
        while (parser.TryTake(' '))
        {
            keys.Add(context.Key());
        }

        parser.ExpectEnd();
        return new SearchTest((n, m) => keys.TrueForAll(k => k(n, m)), context.ReadsSummaries || context.ReadsTexts, context.ReadsTexts);
    }

    // RFC 3501 section 6.4.4: CHARSET names the strings' charset; ours are UTF-8, which US-ASCII is part of.
    private static bool TryCharset(ImapParser parser)
    {
        var word = parser.PeekWord();
        if (!word.Equals("CHARSET", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        parser.ReadWord();
        parser.Space();
        var charset = parser.ReadAString();
        return charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new ImapNoException("[BADCHARSET (UTF-8 US-ASCII)]", $"charset '{charset}' is not supported");
    }

    private sealed class Context(ImapParser parser, int count, long largestUid)
    {
        public bool ReadsSummaries { get; private set; }

        public bool ReadsTexts { get; private set; }

        public Func<int, ImapMessage, bool> Key()
        {
            if (parser.TryTake('('))
            {
                var keys = new List<Func<int, ImapMessage, bool>> { Key() };
                while (parser.TryTake(' '))
                {
                    keys.Add(Key());
                }

                parser.Expect(')');
                return (n, m) => keys.TrueForAll(k => k(n, m));
            }

            if (parser.Peek is '*' || char.IsAsciiDigit((char)Math.Max(parser.Peek, 0)))
            {
                var set = parser.ReadSequenceSet();
                return (n, _) => set.Contains(n, count);
            }

            var name = parser.ReadAtom().ToUpperInvariant();
            return name switch
            {
                "ALL" => (_, _) => true,
                "SEEN" => (_, m) => m.Letter.Read,
                "UNSEEN" => (_, m) => !m.Letter.Read,
                "FLAGGED" => (_, m) => m.Letter.Flagged,
                "UNFLAGGED" => (_, m) => !m.Letter.Flagged,
                "ANSWERED" => (_, m) => m.Letter.Answered,
                "UNANSWERED" => (_, m) => !m.Letter.Answered,
                "DELETED" => (_, m) => m.Deleted,
                "UNDELETED" => (_, m) => !m.Deleted,
                "FROM" => Text(t => t.From),
                "TO" => Text(t => t.To),
                "SUBJECT" => Text(t => t.Subject),
                "SINCE" => Date((day, d) => day >= d),
                "BEFORE" => Date((day, d) => day < d),
                "ON" => Date((day, d) => day == d),
                "LARGER" => Size((size, n) => size > n),
                "SMALLER" => Size((size, n) => size < n),
                "UID" => Uids(),
                "NOT" => Not(),
                "OR" => Or(),
                _ => throw new ImapSyntaxException($"unknown or unsupported search key '{name}'"),
            };
        }

        private Func<int, ImapMessage, bool> Text(Func<SearchTexts, string> field)
        {
            parser.Space();
            var wanted = parser.ReadAString();
            ReadsTexts = true;
            return (_, m) => field(m.Texts ?? throw new InvalidOperationException($"letter {m.Letter.Id}'s search texts were not read")).Contains(wanted, StringComparison.OrdinalIgnoreCase);
        }

        // Dates compare the letter's internal date, its UTC day (RFC 3501: "disregarding time and timezone").
        private Func<int, ImapMessage, bool> Date(Func<DateOnly, DateOnly, bool> test)
        {
            parser.Space();
            var date = ImapDates.ParseDate(parser.ReadAString());
            ReadsSummaries = true;
            return (_, m) => test(DateOnly.FromDateTime(Summarised(m.SentAt, m).UtcDateTime), date);
        }

        private Func<int, ImapMessage, bool> Size(Func<long, long, bool> test)
        {
            parser.Space();
            var octets = parser.ReadNumber();
            ReadsSummaries = true;
            return (_, m) => test(Summarised(m.Size, m), octets);
        }

        private static T Summarised<T>(T? value, ImapMessage message)
            where T : struct
            => value ?? throw new InvalidOperationException($"letter {message.Letter.Id}'s summary was not read");

        private Func<int, ImapMessage, bool> Uids()
        {
            parser.Space();
            var set = parser.ReadSequenceSet();
            return (_, m) => set.Contains(m.Uid, largestUid);
        }

        private Func<int, ImapMessage, bool> Not()
        {
            parser.Space();
            var key = Key();
            return (n, m) => !key(n, m);
        }

        private Func<int, ImapMessage, bool> Or()
        {
            parser.Space();
            var left = Key();
            parser.Space();
            var right = Key();
            return (n, m) => left(n, m) || right(n, m);
        }
    }
}
