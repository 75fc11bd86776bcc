package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboard in headless Chromium (Debian's chromium and chromium-driver, never a
 * downloaded one) against a real API server, checks the picture and the numbers against the API,
 * and keeps a screenshot at {@code server/target/dashboard.png}.
 */
@Tag("browser")
class DashboardTest {
    @TempDir
    Path profile;

    private static ApiFixture api;
    private static PoolSimulator sim;
    private WebDriver browser;

    /** One pool and API for both tests (they only read); a fresh browser profile each. */
    @BeforeAll
    static void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(3).vms(6).port(0).build());
        List<String> vms = sim.guests().values().stream()
                .filter(vm -> "Running".equals(vm.get("power_state")))
                .map(vm -> (String) vm.get("uuid")).sorted().toList();
        api = ApiFixture.h2();
        api.post(api.admin, "/v1/networks", "{\"label\":\"tenant\",\"cidr\":\"10.50.0.0/22\",\"num_networks\":4,\"network_size\":256,"
                + "\"vlan_start\":120}");
        Files.writeString(api.poolSecrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD);
        api.post(api.admin, "/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url() + "\",\"user\":\"root\",\"password_source\":\"file:"
                + api.poolSecrets.resolve("lab.password") + "\"}");
        for (int i = 0; i < 3; i++) {
            attach("web", vms.get(i));
        }
        for (int i = 3; i < 5; i++) {
            attach("db", vms.get(i));
        }
        ApiFixture.Reply second = api.post(api.admin, "/v1/vifs", "{\"project\":\"db\",\"pool\":\"lab\",\"vm\":\"" + vms.get(1)
                + "\",\"nic\":1}"); // a second VIF on one VM: 6 VIFs, 5 VMs
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        assertThat(api.store.claimNetworks("node-a")).hasSize(2); // web's and db's are served; ci's, below, by no node
        api.store.renewLease("node-a", Duration.ofMinutes(10), 100); // node-a alive under a lease, shown with its age
        Files.writeString(api.poolSecrets.resolve("down.password"), "secret");
        api.post(api.admin, "/v1/pools", "{\"name\":\"down\",\"url\":\"http://127.0.0.1:9/\",\"user\":\"root\",\"verify\":false,"
                + "\"password_source\":\"file:" + api.poolSecrets.resolve("down.password") + "\"}");
        api.post(api.admin, "/v1/floating-pools", "{\"pool\":\"public\",\"range\":\"203.0.113.0/24\"}");
        String fip = api.post(api.admin, "/v1/floating-ips", "{\"project\":\"web\"}").json().get("address").asText();
        api.post(api.admin, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"" + vms.get(0) + "\"}");
        api.post(api.admin, "/v1/addresses", "{\"project\":\"ci\",\"instance\":\"runner-1\"}");
        api.delete(api.admin, "/v1/instances/runner-1/addresses");
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1360,1200");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    private static void attach(String project, String vm) {
        ApiFixture.Reply r = api.post(api.admin, "/v1/vifs", "{\"project\":\"" + project + "\",\"pool\":\"lab\",\"vm\":\"" + vm + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void stop() {
        api.close();
        sim.close();
    }

    @Test
    void dashboard_showsTheTopologyAndTheApisNumbers() throws Exception {
        browser.get(api.base() + "/#token=" + api.admin);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> "loaded".equals(d.findElement(By.id("status")).getAttribute("data-state")));

        JsonNode networks = api.get(api.admin, "/v1/networks").json().get("items");
        JsonNode vifs = api.get(api.admin, "/v1/vifs").json().get("items");
        JsonNode pools = api.get(api.admin, "/v1/pools?hosts=true").json().get("items");
        Map<Integer, Integer> vmsByVlan = new HashMap<>();
        vifs.forEach(v -> vmsByVlan.merge(v.get("vlan").asInt(), 1, Integer::sum));

        // pools and their hosts; the pool that cannot be reached shows its error
        JsonNode lab = pool(pools, "lab");
        JsonNode down = pool(pools, "down");
        assertThat(browser.findElements(By.cssSelector("#topology g.pool"))).hasSize(pools.size()).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#topology g.pool.unreachable"))).singleElement()
                .satisfies(g -> assertThat(g.getAttribute("data-pool")).isEqualTo("down"));
        assertThat(lab.has("error")).isFalse();
        String downError = down.get("error").get("message").asText();
        assertThat(downError).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("#pool-errors .pool-error"))).singleElement()
                .satisfies(e -> assertThat(e.getText()).isEqualTo("pool down cannot be reached: " + downError));
        assertThat(browser.findElements(By.cssSelector("#topology g.host"))).hasSize(lab.get("hosts").size()).hasSize(3);
        lab.get("hosts").forEach(h -> assertThat(
                browser.findElements(By.cssSelector("#topology g.host[data-host='" + h.asText() + "']"))).hasSize(1));

        // the picture: one VLAN per network with a project, its VMs beneath it
        List<WebElement> vlans = browser.findElements(By.cssSelector("#topology g.vlan"));
        long assigned = 0;
        for (JsonNode n : networks) {
            if (!n.get("project").isNull()) {
                assigned++;
                WebElement g = browser.findElement(By.cssSelector("#topology g.vlan[data-vlan='" + n.get("vlan").asInt() + "']"));
                assertThat(g.getAttribute("data-network")).isEqualTo(n.get("label").asText());
                assertThat(Integer.parseInt(g.getAttribute("data-vms"))).isEqualTo(vmsByVlan.getOrDefault(n.get("vlan").asInt(), 0));
            }
        }
        assertThat(vlans).hasSize((int) assigned).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#topology g.vm"))).hasSize(vifs.size()).hasSize(6);
        vifs.forEach(v -> assertThat(browser.findElements(By.cssSelector("#topology g.vm[data-vm='" + v.get("vm").asText()
                + "'][data-vlan='" + v.get("vlan").asInt() + "']"))).hasSize(1));

        // VMs by name, the uuid on hover (an SVG title in the picture, a title attribute in the attaches)
        Map<String, String> names = new HashMap<>();
        api.get(api.admin, "/v1/pools/lab/vms").json().get("items").forEach(vm -> names.put(vm.get("uuid").asText(), vm.get("name").asText()));
        for (WebElement g : browser.findElements(By.cssSelector("#topology g.vm"))) {
            String uuid = g.getAttribute("data-vm");
            assertThat(names.get(uuid)).isNotBlank().hasSizeLessThan(19);
            assertThat(g.findElement(By.cssSelector("text.vm-name")).getText()).isEqualTo(names.get(uuid));
            assertThat(g.findElement(By.tagName("title")).getAttribute("textContent")).isEqualTo(uuid);
        }
        List<WebElement> attachedVms = browser.findElements(By.cssSelector("#attaches td.vm-name"));
        assertThat(attachedVms).hasSize(vifs.size());
        attachedVms.forEach(td -> assertThat(td.getText()).isEqualTo(names.get(td.getAttribute("title"))));

        // a network with a project that no node serves: not served, no DHCP, in the warning colour
        List<String> unserved = new java.util.ArrayList<>();
        networks.forEach(n -> {
            if (!n.get("project").isNull() && n.get("host").isNull()) {
                unserved.add(n.get("label").asText());
            }
        });
        assertThat(unserved).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#topology g.vlan[data-served='false']"))).singleElement().satisfies(g -> {
            assertThat(g.getAttribute("data-network")).isEqualTo(unserved.get(0));
            assertThat(g.findElement(By.cssSelector("text.unserved")).getText()).isEqualTo("not served · no DHCP");
        });
        assertThat(browser.findElements(By.cssSelector("#topology g.vlan[data-served='true']"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#networks td.unserved"))).singleElement().satisfies(td -> {
            assertThat(td.getText()).isEqualTo("not served (no DHCP)");
            assertThat(td.getCssValue("color")).isEqualTo("rgba(180, 83, 9, 1)");
            assertThat(td.findElement(By.xpath("..")).getAttribute("data-network")).isEqualTo(unserved.get(0));
        });

        // the network nodes: node-a alive, its lease's age, its two networks; ci's network under no node
        List<Integer> servedVlans = new java.util.ArrayList<>();
        networks.forEach(n -> {
            if ("node-a".equals(n.get("host").asText(null))) {
                servedVlans.add(n.get("vlan").asInt());
            }
        });
        assertThat(servedVlans).hasSize(2);
        WebElement nodeA = browser.findElement(By.cssSelector("#nodes tr[data-node='node-a']"));
        assertThat(nodeA.findElement(By.cssSelector("td.node-state")).getText()).isEqualTo("alive");
        long ageMs = Long.parseLong(nodeA.findElement(By.cssSelector("td.lease-age")).getAttribute("data-lease-age-ms"));
        assertThat(ageMs).isBetween(0L, Duration.ofMinutes(10).toMillis());
        assertThat(nodeA.findElement(By.cssSelector("td.lease-age")).getText()).endsWith(" s of 600 s");
        assertThat(nodeA.findElement(By.cssSelector("td.node-networks")).getAttribute("data-vlans").split(","))
                .extracting(Integer::parseInt).containsExactlyInAnyOrderElementsOf(servedVlans);
        assertThat(browser.findElement(By.cssSelector("#nodes tr[data-node=''] td.node-networks")).getText())
                .contains(unserved.get(0));

        // attaches carry their time
        List<String> created = new java.util.ArrayList<>();
        vifs.forEach(v -> created.add(v.get("created_at").asText()));
        assertThat(browser.findElements(By.cssSelector("#attaches td.attached-at"))).extracting(td -> td.getAttribute("data-at"))
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(browser.findElements(By.cssSelector("#attaches td.attached-at"))).allSatisfy(td -> assertThat(td.getText()).isNotBlank());

        // the numbers: every network's usage bar says what the API says
        for (JsonNode n : networks) {
            WebElement label = browser.findElement(By.cssSelector("#networks tr[data-network='" + n.get("label").asText() + "'] .bar-label"));
            JsonNode u = n.get("usage");
            assertThat(Integer.parseInt(label.getAttribute("data-free"))).isEqualTo(u.get("free").asInt());
            assertThat(Integer.parseInt(label.getAttribute("data-in-use"))).isEqualTo(u.get("allocated").asInt() + u.get("released").asInt());
            assertThat(Integer.parseInt(label.getAttribute("data-capacity"))).isEqualTo(u.get("total").asInt() - u.get("reserved").asInt());
        }
        assertThat(browser.findElement(By.cssSelector("[data-stat='VMs'] b")).getText()).isEqualTo("5"); // VMs, not the 6 VIFs
        assertThat(browser.findElement(By.cssSelector("[data-stat='pools'] b")).getText()).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#attaches tbody tr"))).hasSize(6);

        // a VM's floating IP beside its fixed one, in the picture and in the attaches
        JsonNode fip = api.get(api.admin, "/v1/floating-ips").json().get("items").get(0);
        WebElement withFip = browser.findElement(By.cssSelector("#topology g.vm[data-fip='" + fip.get("address").asText() + "']"));
        assertThat(withFip.getAttribute("data-vm")).isEqualTo(fip.get("instance").asText());
        assertThat(withFip.findElements(By.cssSelector("text")).get(1).getText()).isEqualTo(fip.get("fixed_address").asText() + " ⇄ "
                + fip.get("address").asText());
        assertThat(browser.findElements(By.cssSelector("#attaches td.fip"))).singleElement()
                .satisfies(td -> assertThat(td.getText()).isEqualTo(fip.get("address").asText()));

        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path artifact = Path.of("target", "dashboard.png");
        Files.createDirectories(artifact.getParent());
        Files.copy(shot.toPath(), artifact, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(artifact)).isGreaterThan(10_000);
    }

    private static JsonNode pool(JsonNode pools, String name) {
        for (JsonNode p : pools) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + name + " in " + pools);
    }

    @Test
    void dashboard_withoutATokenAsksForOne() {
        browser.get(api.base() + "/");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();
    }
}
