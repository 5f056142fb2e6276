using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>A logged-in user the load comes from, connected to one machine's gateway.</summary>
/// <param name="Name">The user.</param>
/// <param name="Token">Their login token (valid at every gateway).</param>
/// <param name="Server">The client API through their gateway.</param>
/// <param name="Recipient">Whom their letters go to.</param>
public sealed record Sender(string Name, string Token, IMailServer Server, string Recipient)
{
    /// <summary>A small letter to <see cref="Recipient"/> with a fresh submission id, so every call is a new letter.</summary>
    public Task<SendResult> SendAsync(string submissionId) => SendToAsync(Recipient, submissionId);

    /// <summary>A small letter to <paramref name="recipient"/>.</summary>
    public Task<SendResult> SendToAsync(string recipient, string submissionId)
        => Server.Send(Token, new SendRequest([recipient], "benchmark", LetterBody.Small, submissionId));
}
