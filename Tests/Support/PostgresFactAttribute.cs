using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Maildriver.Tests.Support;

/// <summary>
/// A fact that needs a PostgreSQL server: skipped, saying why, when nothing accepts a TCP connection within 1 s on the
/// server <see cref="ConnectionTemplate"/> names (127.0.0.1:5432 by default).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The environment variable that overrides the test server's connection string.</summary>
    public const string EnvironmentVariable = "MAILDRIVER_TEST_PG";

    private static readonly Lazy<string?> SkipReason = new(Probe);

    public PostgresFactAttribute()
    {
        if (SkipReason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>The test server's connection string; <c>{machine}</c> stands for the machine name.</summary>
    public static string ConnectionTemplate
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Username=postgres;Password=postgres;Database=maildriver_test_{machine}";

    private static string? Probe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionTemplate);
        var host = (builder.Host ?? "127.0.0.1").Split(',')[0];
        var port = builder.Port;
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            client.ConnectAsync(host, port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return $"No PostgreSQL server answers on {host}:{port} within 1 s ({e.GetType().Name}); set {EnvironmentVariable} to test against one.";
        }
    }
}
