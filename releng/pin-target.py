#!/usr/bin/env python3
"""Regenerate releng/saturn.target: every bundle of the target platform pinned to an exact version.

Why: platform and EMF POMs on Maven Central use open version ranges (e.g. e4.emf.xpath ->
emf.ecore [2.35.0,)), so a target that lists only roots with transitive resolution changes
whenever upstream publishes (EMF drifted from 2.37 to 2.43 that way). Here Maven resolves the
roots once, with PINS overriding whatever a range would pick, and the closure is written out as
includeDependencyDepth="none" locations: nothing upstream publishes can change the build.

To add a bundle: add its root to ROOTS (or a pin to PINS), run `releng/pin-target.py` from the
repository root, review the diff of releng/saturn.target, commit both.
"""
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOTS = [
    # Eclipse Platform 4.33 (2024-09), the last release train for Java 17
    "org.eclipse.platform:org.eclipse.ui:3.206.100",
    "org.eclipse.platform:org.eclipse.ui.ide:3.22.300",
    "org.eclipse.platform:org.eclipse.ui.ide.application:1.5.500",
    "org.eclipse.platform:org.eclipse.core.resources:3.21.0",
    "org.eclipse.platform:org.eclipse.ui.views:3.12.400",
    "org.eclipse.platform:org.eclipse.ui.forms:3.13.300",
    "org.eclipse.platform:org.eclipse.debug.ui:3.18.500",
    "org.eclipse.platform:org.eclipse.ui.genericeditor:1.3.400",
    "org.eclipse.platform:org.eclipse.swt.gtk.linux.x86_64:3.127.0",
    "org.eclipse.platform:org.eclipse.equinox.event:1.7.100",
    "org.eclipse.platform:org.eclipse.equinox.simpleconfigurator:1.5.300",
    "org.eclipse.platform:org.eclipse.equinox.launcher:1.6.900",
    "org.apache.felix:org.apache.felix.scr:2.2.12",
    "org.osgi:org.osgi.service.component:1.5.1",
    "org.osgi:org.osgi.util.promise:1.3.0",
    "org.osgi:org.osgi.util.function:1.2.0",
    # Central's commons-jxpath 1.3 (for e4.emf.xpath) imports these packages as mandatory
    "javax.servlet:javax.servlet-api:3.1.0",
    "javax.servlet.jsp:javax.servlet.jsp-api:2.3.3",
    "javax.el:javax.el-api:3.0.0",
    "commons-beanutils:commons-beanutils:1.9.4",
    "commons-logging:commons-logging:1.2",
    "commons-collections:commons-collections:3.2.2",
    "org.jdom:jdom:1.1.3",
    # EMF and Xtext
    "org.eclipse.emf:org.eclipse.emf.common:2.31.0",
    "org.eclipse.emf:org.eclipse.emf.ecore:2.37.0",
    "org.eclipse.emf:org.eclipse.emf.ecore.xmi:2.37.0",
    "org.eclipse.xtext:org.eclipse.xtext:2.36.0",
    "org.eclipse.xtext:org.eclipse.xtext.ide:2.36.0",
    "com.google.guava:guava:33.3.0-jre",
    # Jackson: core reads and writes config.json with it, the workbench reads progress events
    "com.fasterxml.jackson.core:jackson-databind:2.17.2",
    # JUnit 5 for the OSGi test runtime
    "org.junit.jupiter:junit-jupiter-api:5.10.3",
    "org.junit.jupiter:junit-jupiter-engine:5.10.3",
    "org.junit.platform:junit-platform-launcher:1.10.3",
    "org.junit.platform:junit-platform-suite-api:1.10.3",
]

# Versions that override what ranges or nearest-wins would pick.
PINS = [
    "org.eclipse.emf:org.eclipse.emf.common:2.31.0",
    "org.eclipse.emf:org.eclipse.emf.ecore:2.37.0",
    "org.eclipse.emf:org.eclipse.emf.ecore.xmi:2.37.0",
    "org.eclipse.emf:org.eclipse.emf.ecore.change:2.16.0",
]

# Plain jars that must be wrapped under the symbolic name the platform's Require-Bundle expects.
WRAPPED = {
    "org.apache.xmlgraphics:batik-css:1.17": ("org.apache.batik.css", "1.17.0"),
    "org.antlr:antlr-runtime:3.2": ("org.antlr.runtime", "3.2.0"),
}


GROUPS = [  # (label, predicate on groupId:artifactId)
    ("Eclipse Platform 4.33 and OSGi", lambda ga: ga.startswith(("org.eclipse.platform:", "org.osgi:", "org.apache.felix:"))),
    ("EMF", lambda ga: ga.startswith("org.eclipse.emf:")),
    ("Xtext 2.36 and its libraries", lambda ga: ga.startswith(("org.eclipse.xtext:", "org.eclipse.xtend:", "org.eclipse.lsp4j:", "com.google.", "jakarta.", "aopalliance:", "ch.qos.reload4j:", "org.ow2.asm:", "io.github.classgraph:"))),
    ("JUnit 5", lambda ga: ga.startswith(("org.junit.", "org.opentest4j:", "org.apiguardian:"))),
    ("Other third-party libraries", lambda ga: True),
]


def dependency(gav):
    g, a, v = gav.split(":")
    return f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"


def version_key(version):
    return [int(part) if part.isdigit() else part for part in re.split(r"[.-]", version)]


def tree(root, managed):
    """All (groupId:artifactId, version) nodes of the compile-scope tree, omitted ones included."""
    pom = ("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
           "<groupId>saturn.pin</groupId><artifactId>pin</artifactId><version>1</version>"
           f"<dependencyManagement><dependencies>{''.join(map(dependency, managed))}</dependencies></dependencyManagement>"
           f"<dependencies>{''.join(map(dependency, ROOTS))}</dependencies></project>")
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "pom.xml"), "w") as f:
            f.write(pom)
        listing = os.path.join(work, "tree.txt")
        subprocess.run([os.path.join(root, "mvnw"), "-q", "-B", "-f", os.path.join(work, "pom.xml"),
                        "dependency:tree", "-Dverbose", "-Dscope=compile", f"-DoutputFile={listing}"], check=True)
        text = open(listing).read()
    return {(g + ":" + a, v) for g, a, v in re.findall(r"([\w.-]+):([\w.-]+):jar:([\w.-]+):compile", text)}


def resolve(root):
    """The closure of ROOTS where every artifact takes the HIGHEST version any path asks for (what
    OSGi resolution needs, unlike Maven's nearest-wins), except PINS. Iterates to a fixed point
    because a raised version may bring dependencies of its own."""
    pinned = {gav.rsplit(":", 1)[0]: gav.rsplit(":", 1)[1] for gav in PINS}
    chosen = dict(pinned)
    while True:
        nodes = tree(root, [f"{ga}:{v}" for ga, v in chosen.items()])
        highest = dict(pinned)
        for ga, version in nodes:
            if ga not in pinned and (ga not in highest or version_key(version) > version_key(highest[ga])):
                highest[ga] = version
        if highest == chosen:
            break
        chosen = highest
    return sorted(f"{ga}:{v}" for ga, v in chosen.items() if f"{ga}:{v}" not in WRAPPED
                  and any(node == (ga, v) for node in nodes))


def location(label, gavs):
    lines = [f'    <location type="Maven" label="{label}" includeDependencyDepth="none" '
             'includeDependencyScopes="compile" includeSource="no" missingManifest="generate">',
             "      <dependencies>"]
    lines += [f"        {dependency(g)[:-len('</dependency>')]}<type>jar</type></dependency>" for g in gavs]
    lines += ["      </dependencies>", "    </location>"]
    return lines


def wrapped_location(gav, name, version):
    return location(f"{name} (wrapped)", [gav])[:-1] + [
        "      <instructions><![CDATA[",
        f"Bundle-SymbolicName: {name}",
        f"Bundle-Version: {version}",
        "Import-Package: *;resolution:=optional",
        f'Export-Package: *;version="{version}";-noimport:=true',
        "]]></instructions>",
        "    </location>"]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    grouped = defaultdict(list)
    for gav in resolve(root):
        ga = gav.rsplit(":", 1)[0]
        grouped[next(label for label, test in GROUPS if test(ga + ":"))].append(gav)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
           '<?pde version="3.8"?>',
           "<!-- GENERATED by releng/pin-target.py: edit ROOTS/PINS there and rerun; do not edit by hand. -->",
           '<target name="saturn-eclipse-4.33-pinned">',
           "  <locations>"]
    for label, _ in GROUPS:
        if grouped[label]:
            out += location(label, grouped[label])
    for gav, (name, version) in WRAPPED.items():
        out += wrapped_location(gav, name, version)
    out += ["    <!-- SWTChart 0.13.0 from Debian's libeclipse-swtchart-java, unpacked by releng/provision-swtchart.sh -->",
            '    <location type="Directory" path="${system_property:maven.multiModuleProjectDirectory}/releng/thirdparty"/>',
            "  </locations>",
            '  <targetJRE path="org.eclipse.jdt.launching.JRE_CONTAINER/org.eclipse.jdt.internal.debug.ui.launcher.StandardVMType/JavaSE-17"/>',
            "</target>", ""]
    with open(os.path.join(root, "releng", "saturn.target"), "w") as f:
        f.write("\n".join(out))
    print(f"releng/saturn.target: {sum(map(len, grouped.values())) + len(WRAPPED)} pinned artifacts", file=sys.stderr)


if __name__ == "__main__":
    main()
