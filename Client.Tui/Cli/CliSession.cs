using System.CommandLine;
using Maildriver.Grains.Server;
using Maildriver.Client.Connection;

namespace Maildriver.Client.Cli;

/// <summary>One CLI invocation's connection: the gateways, a cluster client that fails over between them, and a login.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly ParseResult _parse;
    private readonly GlobalOptions _options;
    private readonly FailoverClient _client;
    private string? _token;

    public CliSession(ParseResult parse, GlobalOptions options)
    {
        _parse = parse;
        _options = options;
        var gateways = parse.GetValue(options.Gateway) ?? Environment.GetEnvironmentVariable("MAILDRIVER_GATEWAYS");
        if (string.IsNullOrWhiteSpace(gateways))
        {
            throw new UsageException("no gateway: pass --gateway host:port[,https://host:port…] or set MAILDRIVER_GATEWAYS");
        }

        var trust = options.Trust(parse);
        IReadOnlyList<GatewayAddress> addresses;
        try
        {
            addresses = GatewayList.Parse(gateways);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        _client = new FailoverClient(addresses, new ClientSettings(trust));
    }

    public bool Json => _parse.GetValue(_options.Json);

    public IMailServer Server => _client.Server;

    /// <summary>Logs in (once) with the user and password from the options or the environment.</summary>
    /// <param name="commandHasPassword">
    /// True where the command's own <c>--password</c> means something else (<c>admin add-user</c>): the caller's
    /// password then comes from a <c>--password</c> before the command, else MAILDRIVER_PASSWORD.
    /// </param>
    public async Task<string> TokenAsync(bool commandHasPassword = false)
    {
        if (_token is not null)
        {
            return _token;
        }

        var user = _parse.GetValue(_options.User) ?? Environment.GetEnvironmentVariable("MAILDRIVER_USER");
        var password = (commandHasPassword ? _options.PasswordBeforeCommand(_parse) : _parse.GetValue(_options.Password))
                       ?? Environment.GetEnvironmentVariable("MAILDRIVER_PASSWORD");
        if (string.IsNullOrEmpty(user))
        {
            throw new UsageException("no user: pass --user or set MAILDRIVER_USER");
        }

        if (password is null)
        {
            throw new UsageException("no password: pass --password or set MAILDRIVER_PASSWORD");
        }

        _token = (await Server.Login(user, password)).Token;
        return _token;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
