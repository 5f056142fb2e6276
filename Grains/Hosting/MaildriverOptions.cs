namespace Maildriver.Grains.Hosting;

/// <summary>
/// The protocol's settings. The silo binds them from <c>cluster.json</c> (Silo/Hosting/MaildriverOptionsSetup):
/// <c>initialMaster</c>, <c>initialLieutenant</c>, the machines, and the optional <c>"protocol"</c> object, whose
/// fields are named beside each property; it checks them when it starts (Silo/Hosting/MaildriverOptionsValidator).
/// </summary>
public sealed class MaildriverOptions
{
    /// <summary>The default of <see cref="PasswordIterations"/>: 100,000 iterations of HMAC-SHA256.</summary>
    public const int DefaultPasswordIterations = 100_000;

    /// <summary>The machine that is Master when the cluster first starts (<c>initialMaster</c>; default the first machine).</summary>
    public required string InitialMaster { get; set; }

    /// <summary>
    /// The machine that is Lieutenant when the cluster first starts (<c>initialLieutenant</c>; default the first
    /// machine other than the Master, or the Master itself in a cluster of one).
    /// </summary>
    public required string InitialLieutenant { get; set; }

    /// <summary>Every machine, in configuration order (the order used to pick a new Lieutenant): <c>machines[].name</c>.</summary>
    public required IReadOnlyList<string> Machines { get; set; }

    /// <summary>
    /// The longest "receive mail" waits for letters still mid-delivery before answering with what is there
    /// (<c>protocol.receiveWaitMs</c>; default 10 s).
    /// </summary>
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest letter accepted, in bytes: the text of a plain letter (CLI, reader), the whole message of one
    /// submitted by SMTP (<c>protocol.maxLetterBytes</c>; default 10 MiB).
    /// </summary>
    public long MaxLetterBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How often the Caretaker and the Lieutenant take pulses (<c>protocol.pulseIntervalMs</c>; default 400 ms).</summary>
    public TimeSpan PulseInterval { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// How long a pulse may go unanswered before the machine is declared dead (<c>protocol.noPulseTimeoutMs</c>;
    /// default 1,200 ms).
    /// </summary>
    public TimeSpan NoPulseTimeout { get; set; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>How long a login token stays valid (<c>protocol.tokenLifetimeSeconds</c>; default 12 h).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// PBKDF2 iterations for new password hashes, stored in each hash so that it can change later
    /// (<c>protocol.passwordIterations</c>; default <see cref="DefaultPasswordIterations"/>).
    /// </summary>
    public int PasswordIterations { get; set; } = DefaultPasswordIterations;
}
