namespace Maildriver.Grains.Master;

/// <summary>
/// The first administrator of a new cluster: when the Master of a cluster with no users starts, it creates the user
/// <c>admin</c> with this password through the ordinary replicated path. Counts only the first time a cluster starts.
/// </summary>
public sealed class AdminBootstrapOptions
{
    /// <summary>The environment variable the silo reads the password from.</summary>
    public const string PasswordVariable = "MAILDRIVER_ADMIN_PASSWORD";

    /// <summary>The first admin's password; null or empty (the default) creates no admin, with a warning.</summary>
    public string? Password { get; init; }

    /// <summary>The options as the silo's environment gives them (<see cref="PasswordVariable"/>).</summary>
    public static AdminBootstrapOptions FromEnvironment() => new() { Password = Environment.GetEnvironmentVariable(PasswordVariable) };
}
