namespace Maildriver.Grains.Hosting;

/// <summary>
/// The protocol's settings, as the silo reads them from <c>cluster.json</c> (Silo/Hosting/MaildriverConfig): the
/// startup file's initial Master and Lieutenant, and the optional <c>"protocol"</c> object (receive wait, letter size
/// limit, pulse timing, token lifetime).
/// </summary>
public sealed class MaildriverOptions
{
    /// <summary>The machine that is Master when the cluster first starts.</summary>
    public required string InitialMaster { get; init; }

    /// <summary>The machine that is Lieutenant when the cluster first starts.</summary>
    public required string InitialLieutenant { get; init; }

    /// <summary>Every machine, in configuration order (the order used to pick a new Lieutenant).</summary>
    public required IReadOnlyList<string> Machines { get; init; }

    /// <summary>The longest "receive mail" waits for letters still mid-delivery before answering with what is there.</summary>
    public TimeSpan ReceiveWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest letter accepted, in bytes: the text of a plain letter (CLI, reader), the whole message of one submitted by SMTP.</summary>
    public long MaxLetterBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How often the Caretaker and the Lieutenant take pulses.</summary>
    public TimeSpan PulseInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long a pulse may go unanswered before the machine is declared dead.</summary>
    public TimeSpan NoPulseTimeout { get; init; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>How long a login token stays valid.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The default of <see cref="PasswordIterations"/>: 100,000 iterations of HMAC-SHA256.</summary>
    public const int DefaultPasswordIterations = 100_000;

    /// <summary>PBKDF2 iterations for new password hashes (stored in each hash, so it can change later).</summary>
    public int PasswordIterations { get; init; } = DefaultPasswordIterations;
}
