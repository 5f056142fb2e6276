// The protocol's contracts (the grain interfaces, the messages, the records) are what nearly every file here speaks;
// they live in one namespace so that no feature depends on another's to call it (issue 14). Files that move to
// another project say the using themselves.
global using Maildriver.Grains.Protocol;
