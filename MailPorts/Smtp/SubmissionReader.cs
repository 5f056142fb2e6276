using System.Buffers;
using System.IO.Pipelines;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The input SmtpServer reads a session from. It holds only what SmtpServer has not yet looked at and pulls the
/// client's next line (<see cref="ClientLines"/>) only when SmtpServer has examined everything it holds, so each
/// line is checked in the mode SmtpServer is in when it reads it. An internal pipe keeps the positions SmtpServer
/// remembers valid while a message grows line by line.
/// </summary>
internal sealed class SubmissionReader(ClientLines client) : PipeReader
{
    // Never paused: a message is held whole until SmtpServer finds its end (the size limit bounds it).
    private readonly Pipe _held = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private ReadOnlySequence<byte> _lastRead;
    private bool _examinedAll = true;
    private bool _outstanding;

    /// <inheritdoc/>
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryRead(out var result))
            {
                return result;
            }

            if (await client.PullAsync(_held.Writer).ConfigureAwait(false))
            {
                await _held.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _held.Writer.CompleteAsync().ConfigureAwait(false);
            }

            _examinedAll = false;
        }
    }

    /// <inheritdoc/>
    public override bool TryRead(out ReadResult result)
    {
        if (_outstanding)
        {
            // SmtpServer reads again without answering the last read when that one had ended (a client gone
            // mid-message): give the buffer back untouched first, as the pipe requires.
            _held.Reader.AdvanceTo(_lastRead.Start, _lastRead.Start);
            _outstanding = false;
        }

        if (_held.Reader.TryRead(out result))
        {
            if (result.IsCompleted || (!_examinedAll && !result.Buffer.IsEmpty))
            {
                _lastRead = result.Buffer;
                _outstanding = true;
                return true;
            }

            // Nothing SmtpServer has not seen: give it back untouched, and pull another line.
            _held.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        result = default;
        return false;
    }

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    /// <inheritdoc/>
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _examinedAll = examined.Equals(_lastRead.End);
        _outstanding = false;
        _held.Reader.AdvanceTo(consumed, examined);
    }

    /// <inheritdoc/>
    public override void CancelPendingRead() => _held.Reader.CancelPendingRead();

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null)
    {
        client.End();
        _held.Reader.Complete(exception);
    }
}
