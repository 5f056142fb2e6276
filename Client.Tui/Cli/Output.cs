using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>Prints results: JSON in the contract's shapes with <c>--json</c>, plain text otherwise.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public static void Letters(IEnumerable<LetterView> letters, bool withBodies)
    {
        var any = false;
        foreach (var l in letters)
        {
            any = true;
            Console.Out.WriteLine($"{(l.Read ? ' ' : 'N')} {l.Id}  {l.SentAt.ToLocalTime():yyyy-MM-dd HH:mm}  {l.From,-16} {l.Subject}");
            if (withBodies && l.Body is not null)
            {
                Letter(l, header: false);
            }
        }

        if (!any)
        {
            Console.Out.WriteLine("No letters.");
        }
    }

    public static void Letter(LetterView l, bool header = true)
    {
        if (header)
        {
            Console.Out.WriteLine($"Id:      {l.Id}");
            Console.Out.WriteLine($"From:    {l.From}");
            Console.Out.WriteLine($"To:      {string.Join(", ", l.To)}");
            Console.Out.WriteLine($"Date:    {l.SentAt.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}");
            Console.Out.WriteLine($"Subject: {l.Subject}");
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine(l.Body);
        Console.Out.WriteLine();
        if (l.Attachments is { Count: > 0 } attachments)
        {
            // Numbered as `maildriver save ID N FILE` takes them.
            Console.Out.WriteLine("Attachments:");
            for (var i = 0; i < attachments.Count; i++)
            {
                Console.Out.WriteLine($"  {i + 1}  {attachments[i].Name}  {attachments[i].Type}  {attachments[i].Size} bytes");
            }

            Console.Out.WriteLine();
        }
    }
}
