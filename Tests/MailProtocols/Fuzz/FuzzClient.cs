using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>
/// One fuzzing connection: sends what its script says without waiting for replies (the server must cope with
/// anything pipelined), while a reader drains every reply, then ends in one of three ways: a proper QUIT, a
/// half-close, or a TCP reset in the middle of whatever it was doing.
/// </summary>
public static class FuzzClient
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Runs one session of up to <paramref name="chunks"/> chunks against 127.0.0.1:<paramref name="port"/>; returns the lines it sent.</summary>
    public static async Task<int> RunAsync(int port, IFuzzScript script, Random random, int chunks)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var replies = DrainAsync(stream);
        var lines = 0;
        var ending = random.Next(3);
        try
        {
            for (var i = 0; i < chunks; i++)
            {
                var bytes = Encoding.Latin1.GetBytes(script.Next(random));
                await stream.WriteAsync(bytes);
                lines += bytes.Count(b => b == (byte)'\n');
            }

            switch (ending)
            {
                case 0:
                    // End whatever was half-sent, then say goodbye: the server must answer and close.
                    var goodbye = Encoding.Latin1.GetBytes(script.Goodbye);
                    await stream.WriteAsync(goodbye);
                    lines += goodbye.Count(b => b == (byte)'\n');
                    break;
                case 1:
                    tcp.Client.Shutdown(SocketShutdown.Send);
                    break;
                default:
                    tcp.Client.LingerState = new LingerOption(true, 0);
                    tcp.Close();
                    return lines;
            }
        }
        catch (IOException)
        {
            // The server closed first (QUIT in the script, a line that never ends, too many failed logins).
            return lines;
        }

        // The server must close its side once the client quits or stops sending; a session that hangs is a bug.
        if (await Task.WhenAny(replies, Task.Delay(Patience)) != replies)
        {
            throw new XunitException($"the server on port {port} did not close the connection within {Patience.TotalSeconds} s after the client ended it");
        }

        return lines;
    }

    private static async Task DrainAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Reset by either side: drained.
        }
    }
}
