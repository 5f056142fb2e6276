using System.Text;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// The SASL PLAIN message of RFC 4616, as SMTP AUTH PLAIN (RFC 4954) and IMAP AUTHENTICATE PLAIN (RFC 3501 section 6.2.2) carry it in base64:
/// <c>authzid NUL authcid NUL passwd</c>.
/// </summary>
/// <param name="AuthorizationId">Whom the client wants to act as; empty means itself.</param>
/// <param name="User">Who is logging in.</param>
/// <param name="Password">The password.</param>
public sealed record PlainCredentials(string AuthorizationId, string User, string Password)
{
    /// <summary>How decoding a response failed.</summary>
    public enum Failure
    {
        /// <summary>It decoded.</summary>
        None,

        /// <summary>Not base64.</summary>
        BadBase64,

        /// <summary>Base64, but not two NUL separators with a non-empty user and password.</summary>
        Malformed,
    }

    /// <summary>Decodes a base64 AUTH PLAIN response; <c>=</c> is the empty response (RFC 4954 section 4).</summary>
    public static Failure TryDecode(string response, out PlainCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(response);
        credentials = null!;
        var text = response.Trim() == "=" ? string.Empty : response.Trim();
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return Failure.BadBase64;
        }

        var parts = Encoding.UTF8.GetString(bytes, 0, length).Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return Failure.Malformed;
        }

        credentials = new PlainCredentials(parts[0], parts[1], parts[2]);
        return Failure.None;
    }
}
