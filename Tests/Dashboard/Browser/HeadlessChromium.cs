using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Dashboard.Browser;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol: one page, script errors collected as they happen
/// (uncaught exceptions, console errors, failed loads and CSP violations). A fresh profile per browser; the process
/// is killed by its pid, with its children, on dispose.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private DevToolsConnection? _page;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser's pid.</summary>
    public int Pid => _process.Id;

    /// <summary>Script errors and failed loads seen so far, in order.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>
    /// Starts Chromium on a free DevTools port and opens its page. Without /usr/bin/chromium this throws: the
    /// browser test must fail, not pass, on a machine that cannot run it.
    /// </summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1440, int height = 1000)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the dashboard's browser test needs Debian's chromium package (apt-get install chromium; .ci/run installs it).");
        }

        var profile = Directory.CreateTempSubdirectory("maildriver-chromium-");
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                     $"--user-data-dir={profile.FullName}",
                     "--remote-debugging-address=127.0.0.1",

                     // Port 0: Chromium picks a free port and says which, so no other process can take it in between.
                     "--remote-debugging-port=0",
                     $"--window-size={width},{height}",
                     "about:blank"])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {ExecutablePath}");
        ChildProcesses.Track(process);
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var port = await browser.ReadDevToolsPortAsync();
            await browser.OpenPageAsync(port);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> and waits until the document has loaded.</summary>
    public async Task NavigateAsync(string url)
    {
        await Page.SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForAsync("document.readyState === 'complete' && location.href !== 'about:blank'", TimeSpan.FromSeconds(20), $"{url} to load");
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await Page.SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var failure))
        {
            throw new InvalidOperationException($"evaluating `{expression}` failed: {failure}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Polls <paramref name="condition"/> (a JavaScript expression) until it is true, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? lastError = null;
        while (true)
        {
            try
            {
                if (await EvaluateAsync($"Boolean({condition})") is { ValueKind: JsonValueKind.True })
                {
                    return;
                }
            }
            catch (InvalidOperationException ex)
            {
                // The page may be between documents (a navigation, a form post); ask again.
                lastError = ex.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {because} ({condition}){(lastError is null ? "" : "; last error: " + lastError)}\nscript errors: {string.Join(" | ", Errors)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Saves a PNG of the whole page (not just the window) to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var metrics = await Page.SendAsync("Page.getLayoutMetrics");
        var size = metrics.GetProperty("cssContentSize");
        var width = (int)Math.Ceiling(size.GetProperty("width").GetDouble());
        var height = (int)Math.Ceiling(size.GetProperty("height").GetDouble());
        var shot = await Page.SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    /// <summary>Closes the connection, kills the browser by its pid (with its children) and deletes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.DisposeAsync();
        }

        ChildProcesses.KillTree(_process);
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                await _process.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                // Reported by the test's own outcome; the pid was sent SIGKILL.
            }
        }

        ChildProcesses.Forget(_process);
        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A profile file still being let go of; the temp folder is cleaned by the OS.
        }
    }

    private DevToolsConnection Page => _page ?? throw new InvalidOperationException("no page yet");

    // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…" on stderr once it listens.
    private async Task<int> ReadDevToolsPortAsync()
    {
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"chromium exited before it listened:\n{string.Join('\n', _stderr)}"));
                return;
            }

            _stderr.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        try
        {
            return await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"chromium did not open its DevTools port within {StartTimeout.TotalSeconds} s:\n{string.Join('\n', _stderr)}");
        }
    }

    private async Task OpenPageAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        string? url = null;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (url is null)
        {
            var targets = await http.GetFromJsonAsync<JsonElement>("/json/list");
            url = targets.EnumerateArray().Where(t => t.GetProperty("type").GetString() == "page")
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString())
                .FirstOrDefault();
            if (url is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("chromium opened no page");
                }

                await Task.Delay(100);
            }
        }

        using var connecting = new CancellationTokenSource(StartTimeout);
        _page = await DevToolsConnection.ConnectAsync(new Uri(url), connecting.Token);
        _page.EventReceived += OnEvent;
        await _page.SendAsync("Runtime.enable");
        await _page.SendAsync("Log.enable");
        await _page.SendAsync("Page.enable");
    }

    private void OnEvent(string method, JsonElement p)
    {
        switch (method)
        {
            case "Runtime.exceptionThrown":
                var details = p.GetProperty("exceptionDetails");
                var description = details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var d) ? d.GetString() : null;
                _errors.Enqueue($"uncaught: {details.GetProperty("text").GetString()} {description}");
                break;
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                _errors.Enqueue("console." + p.GetProperty("type").GetString() + ": " + string.Join(' ', p.GetProperty("args").EnumerateArray().Select(a =>
                    a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var desc) ? desc.GetString() : a.ToString())));
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = p.GetProperty("entry");
                _errors.Enqueue($"log ({entry.GetProperty("source").GetString()}): {entry.GetProperty("text").GetString()} {(entry.TryGetProperty("url", out var u) ? u.GetString() : "")}");
                break;
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex ListeningLine();
}
