using System.Net;
using System.Text.Json.Nodes;
using MongoDB.Driver;
using OtpNet;
using TinyCloud.Shared.Accounts;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Accounts;

/// <summary>TOTP two-factor sign-in: enrollment, the login's second step, replays, recovery codes, turning it off.</summary>
[Collection(Areas.Accounts)]
public sealed class TwoFactorTests(Stack stack, ITestOutputHelper output)
{
    private const string Login = "/api/user-service/login";
    private const string SecondStep = "/api/user-service/login-second-factor";

    /// <summary>An account with two-factor sign-in on: its TOTP, its recovery codes.</summary>
    private async Task<(Client Owner, Totp Totp, List<string> RecoveryCodes)> EnrolledAsync()
    {
        var owner = await stack.Worker.NewClient().SignUpAsync();
        var enrolled = await owner.PostAsync("/api/user-service/enroll-two-factor", new { password = Client.Password });
        enrolled.ShouldBeSuccess();
        enrolled.Body["otpauth_uri"]!.GetValue<string>().ShouldStartWith("otpauth://totp/");
        var qrCode = enrolled.Body["qr_code"]!.GetValue<string>();
        qrCode.ShouldStartWith("data:image/png;base64,");
        Convert.FromBase64String(qrCode["data:image/png;base64,".Length..])[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        var totp = new Totp(Base32Encoding.ToBytes(enrolled.Body["secret"]!.GetValue<string>()));
        (await owner.PostAsync("/api/user-service/confirm-two-factor", new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong");
        var confirmed = await owner.PostAsync("/api/user-service/confirm-two-factor", new { code = totp.ComputeTotp() });
        confirmed.ShouldBeSuccess();
        var codes = confirmed.Body["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        codes.Count.ShouldBe(TwoFactor.RecoveryCodeCount);
        var me = await owner.GetAsync("/api/user-service/get-current-user");
        me.ShouldBeSuccess();
        me.Body["user"]!["two_factor_enabled"]!.GetValue<bool>().ShouldBeTrue();
        return (owner, totp, codes);
    }

    private async Task<string> FirstStepAsync(Client owner)
    {
        using var client = stack.Worker.NewClient();
        var answer = await client.PostAsync(Login, new { user_email = owner.Email, password = Client.Password });
        answer.ShouldBeError(HttpStatusCode.Forbidden, "two-factor sign-in");
        return answer.Body["second_factor_token"]!.GetValue<string>();
    }

    /// <summary>The code of the next step, so a test never collides with the code its enrollment used.</summary>
    private static string NextCode(Totp totp) => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    [Fact]
    public async Task OnceOnALoginNeedsACodeAndNoSessionExistsBeforeIt()
    {
        var (owner, totp, _) = await EnrolledAsync();
        using var _ = owner;
        using var browser = stack.Worker.NewClient();
        var first = await browser.PostAsync(Login, new { user_email = owner.Email, password = Client.Password });
        first.ShouldBeError(HttpStatusCode.Forbidden, "login-second-factor");
        (await browser.GetAsync("/api/user-service/get-current-user")).ShouldBeError(HttpStatusCode.Unauthorized);
        var token = first.Body["second_factor_token"]!.GetValue<string>();

        (await browser.PostAsync(SecondStep, new { second_factor_token = token, code = "12345" })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        var code = NextCode(totp);
        (await browser.PostAsync(SecondStep, new { second_factor_token = token, code = code == "000000" ? "000001" : "000000" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "Wrong");
        (await browser.PostAsync(SecondStep, new { second_factor_token = token, code })).ShouldBeSuccess();
        (await browser.GetAsync("/api/user-service/get-current-user")).ShouldBeSuccess();
        (await browser.PostAsync(SecondStep, new { second_factor_token = token, code })).ShouldBeError(HttpStatusCode.Unauthorized, "log in again");

        // The same code again, on a new login: a replay, refused.
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), code }))
            .ShouldBeError(HttpStatusCode.BadRequest, "already used");
        (await stack.Mailbox().WaitForAsync(owner.Email!, "Two-factor sign-in is on")).Text.ShouldContain("turned on");
    }

    [Fact]
    public async Task EachRecoveryCodeWorksOnceAndAnExpiredSecondStepIsRefused()
    {
        var (owner, _, codes) = await EnrolledAsync();
        using var _ = owner;
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), recovery_code = codes[0] })).ShouldBeSuccess();
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), recovery_code = codes[0] }))
            .ShouldBeError(HttpStatusCode.BadRequest, "already used");
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), recovery_code = codes[1].ToUpperInvariant() })).ShouldBeSuccess();
        (await stack.Mailbox().WaitForAsync(owner.Email!, "A recovery code was used")).Text.ShouldContain("cannot be used again");

        var late = await FirstStepAsync(owner);
        var userId = await owner.UserIdAsync();
        var logins = stack.Worker.Get<IMongoDatabase>().GetCollection<SecondFactorLogin>("second_factor_logins");
        await logins.UpdateManyAsync(l => l.UserId == userId, Builders<SecondFactorLogin>.Update.Set(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = late, recovery_code = codes[2] }))
            .ShouldBeError(HttpStatusCode.Unauthorized, "expired");
    }

    [Fact]
    public async Task RegeneratingRecoveryCodesEndsTheOldOnes()
    {
        var (owner, totp, old) = await EnrolledAsync();
        using var _ = owner;
        var regenerated = await owner.PostAsync("/api/user-service/regenerate-recovery-codes", new { password = Client.Password, code = NextCode(totp) });
        regenerated.ShouldBeSuccess();
        var fresh = regenerated.Body["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        fresh.Count.ShouldBe(TwoFactor.RecoveryCodeCount);
        fresh.Intersect(old).ShouldBeEmpty();
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), recovery_code = old[0] }))
            .ShouldBeError(HttpStatusCode.BadRequest, "already used");
        (await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = await FirstStepAsync(owner), recovery_code = fresh[0] })).ShouldBeSuccess();
    }

    [Fact]
    public async Task TurningItOffNeedsThePasswordAndACode()
    {
        var (owner, totp, codes) = await EnrolledAsync();
        using var _ = owner;
        var code = NextCode(totp);
        (await owner.PostAsync("/api/user-service/disable-two-factor", new { password = "wrong password", code })).ShouldBeError(HttpStatusCode.BadRequest, "Wrong password");
        (await owner.PostAsync("/api/user-service/disable-two-factor", new { password = Client.Password })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await owner.PostAsync("/api/user-service/disable-two-factor", new { password = Client.Password, recovery_code = "nope-nope" })).ShouldBeError(HttpStatusCode.BadRequest, "Wrong");
        (await owner.PostAsync("/api/user-service/disable-two-factor", new { password = Client.Password, code })).ShouldBeSuccess();
        using var plain = stack.Worker.NewClient();
        (await plain.PostAsync(Login, new { user_email = owner.Email, password = Client.Password })).ShouldBeSuccess();
        (await stack.Mailbox().WaitForAsync(owner.Email!, "Two-factor sign-in is off")).Text.ShouldContain("turned off");
    }

    [Fact]
    public async Task OfTwoParallelUsesOfOneRecoveryCodeExactlyOneSucceeds()
    {
        var owners = new[] { await EnrolledAsync(), await EnrolledAsync() };
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            var (owner, _, codes) = owners[trial % 2];
            var code = codes[trial / 2];
            var (a, b) = (await FirstStepAsync(owner), await FirstStepAsync(owner));
            var answers = await Races.TogetherAsync(
                () => stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = a, recovery_code = code }),
                () => stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = b, recovery_code = code }));
            answers.Count(x => x.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {trial}");
            answers.Single(x => x.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.BadRequest, "already used");
        }
        foreach (var (owner, _, _) in owners)
            owner.Dispose();
    }

    [Fact]
    public async Task OfTwoParallelReplaysOfOneCodeExactlyOneSucceeds()
    {
        var (owner, totp, _) = await EnrolledAsync();
        using var _ = owner;
        var userId = await owner.UserIdAsync();
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            // Each trial starts from no accepted step, so the current code is fresh again; only the race decides.
            await stack.Worker.Users().UpdateOneAsync(u => u.Id == userId, Builders<UserDocument>.Update.Set(u => u.TwoFactor!.LastStep, 0L));
            var code = totp.ComputeTotp();
            var (a, b) = (await FirstStepAsync(owner), await FirstStepAsync(owner));
            var answers = await Races.TogetherAsync(
                () => stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = a, code }),
                () => stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = b, code }));
            answers.Count(x => x.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {trial}");
            answers.Single(x => x.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.BadRequest, "already used");
        }
    }

    [Fact]
    public async Task GuessingCodesIsThrottledAndKillsTheSecondStep()
    {
        var (owner, _, _) = await EnrolledAsync();
        using var _ = owner;
        var (checkedCodes, throttled, dead) = (0, 0, 0);
        var token = await FirstStepAsync(owner);
        var started = DateTime.UtcNow;
        for (var guess = 0; guess < 30; guess++)
        {
            var answer = await stack.Worker.NewClient().PostAsync(SecondStep, new { second_factor_token = token, code = $"{guess:D6}" });
            switch (answer.Status)
            {
                case HttpStatusCode.BadRequest: checkedCodes++; break;
                case HttpStatusCode.TooManyRequests: throttled++; break;
                case HttpStatusCode.Unauthorized: dead++; token = await FirstStepAsync(owner); break;
                default: answer.ShouldBeError(HttpStatusCode.BadRequest); break;
            }
        }
        output.WriteLine($"30 guesses in {(DateTime.UtcNow - started).TotalSeconds:F1} s: {checkedCodes} codes checked, {throttled} throttled (429), " +
                         $"{dead} second steps dead after {SecondFactorLogins.MaxFailures} wrong codes");
        checkedCodes.ShouldBeLessThanOrEqualTo(5, "5 free attempts per account and address, then back-off from a minute");
        throttled.ShouldBeGreaterThan(0);
    }
}
