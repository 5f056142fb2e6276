using System.Text;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// The connection of <see cref="ImapWarmUp"/>'s session: a client that sends its script, then hangs up, and keeps
/// every byte the session answered.
/// </summary>
/// <param name="script">The command lines, each ending in CRLF.</param>
internal sealed class WarmUpStream(string script) : Stream
{
    private readonly MemoryStream _said = new(Encoding.ASCII.GetBytes(script), writable: false);
    private readonly MemoryStream _heard = new();

    /// <summary>Everything the session wrote, as text.</summary>
    public string Heard => Encoding.UTF8.GetString(_heard.GetBuffer(), 0, (int)_heard.Length);

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => _said.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_said.Read(buffer.Span));

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => _heard.Write(buffer, offset, count);

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _heard.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
