using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// A send repeated with the same submission id until it is acknowledged, as a client does across a failure: one
/// letter however many attempts. Loads that must deliver every letter (not measure each call) send this way.
/// </summary>
public static class PersistentSend
{
    private const int MaxAttempts = 20;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Sends <paramref name="request"/>, telling <paramref name="onFailure"/> of each failed attempt; the last failure is thrown.</summary>
    public static async Task<SendResult> SendAsync(IMailServer server, string token, SendRequest request, Action<Exception> onFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(onFailure);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await server.Send(token, request).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is not OperationCanceledException)
            {
                onFailure(ex);
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
