using Maildriver.Grains.Mime;
using MimeKit;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// A stored message parsed by MimeKit with where each entity lies in its octets, so that body parts (RFC 3501
/// section 6.4.5, <c>BODY[1.2]</c>) and BODYSTRUCTURE's sizes are cut from and counted on the stored bytes
/// themselves, never on MimeKit's rewriting of them.
/// </summary>
internal sealed class MimeMap
{
    private readonly byte[] _bytes;
    private readonly Dictionary<MimeEntity, (long Begin, long End)> _extents;

    private MimeMap(byte[] bytes, MimeMessage message, Dictionary<MimeEntity, (long, long)> extents)
    {
        _bytes = bytes;
        Message = message;
        _extents = extents;
    }

    /// <summary>The message as MimeKit parsed it.</summary>
    public MimeMessage Message { get; }

    /// <summary>Parses <paramref name="bytes"/>, noting each entity's extent as the parser finds it.</summary>
    public static MimeMap Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var extents = new Dictionary<MimeEntity, (long, long)>(ReferenceEqualityComparer.Instance);
        using var stream = new MemoryStream(bytes, writable: false);
        var parser = new MimeParser(stream, MimeFormat.Entity);
        parser.MimeEntityEnd += (_, e) => extents[e.Entity] = (e.BeginOffset, e.EndOffset);
        var message = parser.ParseMessage();
        return new MimeMap(bytes, message, extents);
    }

    /// <summary>An entity's own header, from its first octet to the end of its empty line (<c>BODY[1.MIME]</c>).</summary>
    public byte[] HeaderOf(MimeEntity entity)
    {
        var (begin, end) = Extent(entity);
        return _bytes[(int)begin..(int)(begin + MessageHeader.Length(_bytes.AsSpan((int)begin, (int)(end - begin))))];
    }

    /// <summary>An entity's body: what follows its header up to its end (<c>BODY[1]</c>; for a message/rfc822 part, the message).</summary>
    public byte[] BodyOf(MimeEntity entity)
    {
        var (begin, end) = Extent(entity);
        var start = begin + MessageHeader.Length(_bytes.AsSpan((int)begin, (int)(end - begin)));
        return _bytes[(int)start..(int)end];
    }

    /// <summary>
    /// The entity a part number names (RFC 3501 section 6.4.5): in a multipart, its n-th part; in anything else, 1
    /// is the entity itself; a message/rfc822 part's numbers go on into its message. Null when it names none.
    /// </summary>
    public MimeEntity? Find(IReadOnlyList<int> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var entity = Message.Body;
        foreach (var n in part)
        {
            if (entity is MessagePart { Message: { } inner })
            {
                entity = inner.Body;
            }

            if (entity is Multipart multipart)
            {
                if (n < 1 || n > multipart.Count)
                {
                    return null;
                }

                entity = multipart[n - 1];
            }
            else if (n != 1)
            {
                return null;
            }
        }

        return entity;
    }

    // The message's own body spans the whole message (its header is the message's); any other entity must have been
    // reported by the parser.
    private (long Begin, long End) Extent(MimeEntity entity)
        => _extents.TryGetValue(entity, out var extent) ? extent
            : ReferenceEquals(entity, Message.Body) ? (0, _bytes.Length)
            : throw new InvalidOperationException("an entity the parser did not report");
}
