using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Maildriver.Benchmarks.PeerScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.TestSupport;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Dovecot with IMAP, from <c>peers/dovecot.sh --imap-serve</c>: the script installs the packages if needed, starts
/// its own Dovecot on 127.0.0.1, fills the two mailboxes through LMTP and says "ready"; this class then restarts it
/// on demand ("restart" on the script's stdin) and ends it ("stop", or SIGTERM if it does not go).
/// </summary>
public sealed class DovecotImapPeer : IAsyncDisposable
{
    /// <summary>The password the script's Dovecot accepts for anyone (its passdb has no passwords).</summary>
    public const string AnyPassword = "any";

    // Installing the packages and filling 11,000 letters on a loaded machine: minutes, not hours.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private bool _ready;

    private DovecotImapPeer(Process process) => _process = process;

    /// <summary>Dovecot's version, as the script read it.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The filled mailboxes and the IMAP port.</summary>
    public ImapMailboxes Mailboxes { get; private set; } = null!;

    /// <summary>Starts the script and waits until its mailboxes are filled.</summary>
    public static async Task<DovecotImapPeer> StartAsync(ImapBenchmarkOptions options, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var script = options.ScriptPath ?? Path.Combine(AppContext.BaseDirectory, "peers", "dovecot.sh");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"the Dovecot peer script is not at {script}", script);
        }

        var ports = LoopbackPorts.Reserve(2);
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        string[] arguments =
        [
            script, "--imap-serve",
            "--port", ports[0].ToString(CultureInfo.InvariantCulture),
            "--imap-port", ports[1].ToString(CultureInfo.InvariantCulture),
            "--imap-fetch-letters", options.FetchLetters.ToString(CultureInfo.InvariantCulture),
            "--imap-select-letters", options.SelectLetters.ToString(CultureInfo.InvariantCulture),
            .. options.Install ? Array.Empty<string>() : ["--no-install"],
            .. options.KeepData ? ["--keep"] : Array.Empty<string>(),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var peer = new DovecotImapPeer(new Process { StartInfo = info });
        peer._process.ErrorDataReceived += (_, e) => peer.OnProgress(e.Data, progress);
        peer._process.Start();
        peer._process.BeginErrorReadLine();
        try
        {
            await peer.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops Dovecot by pid and starts it again on the same mail; returns once it listens.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        _ready = false;
        await _process.StandardInput.WriteLineAsync("restart".AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        await WaitReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_ready)
            {
                // Still installing or filling (failed, or cancelled): it reads no stdin then, so SIGTERM at once.
                await DovecotBenchmark.StopAsync(_process).ConfigureAwait(false);
            }
            else if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("stop").ConfigureAwait(false);
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(StopGrace);
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Its stdin is gone or it did not stop: SIGTERM runs its trap, which stops Dovecot by pid.
            await DovecotBenchmark.StopAsync(_process).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    // The script's next "ready {json}" line on stdout; its end before that is a failure, with its last lines.
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("ready ", StringComparison.Ordinal))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line["ready ".Length..]);
            var root = document.RootElement;
            Version = root.GetProperty("version").GetString() ?? string.Empty;
            Mailboxes = new ImapMailboxes(
                new DnsEndPoint("127.0.0.1", root.GetProperty("imapPort").GetInt32()),
                root.GetProperty("fetchUser").GetString()!,
                AnyPassword,
                root.GetProperty("fetchLetters").GetInt32(),
                root.GetProperty("selectUser").GetString()!,
                AnyPassword,
                root.GetProperty("selectLetters").GetInt32());
            _ready = true;
            return;
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        string last;
        lock (_tail)
        {
            last = string.Join(Environment.NewLine, _tail);
        }

        throw new InvalidOperationException($"peers/dovecot.sh --imap-serve exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{last}");
    }

    private void OnProgress(string? line, ProgressDisplay progress)
    {
        if (line is null)
        {
            return;
        }

        progress.WriteLine("  " + line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 10)
            {
                _tail.Dequeue();
            }
        }
    }
}
