using System.CommandLine;
using Maildriver.Client.Attachments;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>
/// <c>maildriver save ID N FILE</c>: writes attachment N of a letter (numbered as <c>read</c> lists them) to FILE.
/// Fetching the letter marks it read, as <c>read</c> does. A bad id or number or a file that cannot be written is
/// an error (exit 1) and nothing is written.
/// </summary>
internal static class SaveCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "the letter id" };
        var number = new Argument<int>("n") { Description = "the attachment's number, from 1, as read lists them" };
        var file = new Argument<string>("file") { Description = "the file to write (replaced if it exists)" };
        var command = new Command("save", "Save an attachment of a letter to a file") { id, number, file };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var n = parse.GetValue(number);
            if (n < 1)
            {
                throw new UsageException($"the attachment number must be 1 or more, not {n}");
            }

            var letter = await s.Server.Read(await s.TokenAsync(), parse.GetValue(id)!);
            var (attachment, path) = AttachmentFile.Save(letter, n, parse.GetValue(file)!);
            if (s.Json)
            {
                Output.Json(new { path, attachment.Name, attachment.Type, attachment.Size });
            }
            else
            {
                Console.Out.WriteLine($"Saved {attachment.Name} ({attachment.Size} bytes) to {path}");
            }
        }));
        return command;
    }
}
