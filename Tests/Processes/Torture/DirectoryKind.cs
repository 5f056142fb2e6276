namespace Maildriver.Tests.Processes.Torture;

/// <summary>What the admin task adds and deletes.</summary>
public enum DirectoryKind
{
    /// <summary>A user (<c>AddUser</c>, <c>DeleteUser</c>); present on a machine when it can log in there.</summary>
    User,

    /// <summary>A mailing list (<c>AddList</c>, <c>DeleteList</c>); present on a machine when a send there resolves it.</summary>
    List,
}
