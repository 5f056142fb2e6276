namespace Maildriver.Grains.Master;

/// <summary>
/// The first administrator of a new cluster: when the Master of a cluster with no users starts, it creates the user
/// <c>admin</c> with this password through the ordinary replicated path. Counts only the first time a cluster starts.
/// The silo's hosting binds it from the environment (<see cref="PasswordVariable"/>); grain code never reads it there.
/// </summary>
public sealed class AdminBootstrapOptions
{
    /// <summary>The environment variable the silo reads the password from.</summary>
    public const string PasswordVariable = "MAILDRIVER_ADMIN_PASSWORD";

    /// <summary>The first admin's password; null or empty (the default) creates no admin, with a warning.</summary>
    public string? Password { get; set; }
}
