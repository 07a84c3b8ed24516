// Check-in: the page works by typing the code. Where the browser can read QR codes (BarcodeDetector) and a camera
// exists, a "Pindai QR" button opens the camera, reads the ticket's code, fills the field and sends the form.
(function () {
  'use strict';
  var form = document.getElementById('check-in-form');
  var input = document.getElementById('f-code');
  var scanButton = document.getElementById('scan-button');
  var scanner = document.getElementById('scanner');
  var video = document.getElementById('scanner-video');
  var status = document.getElementById('scanner-status');
  var stopButton = document.getElementById('scan-stop');
  if (!form || !input || !scanButton || !scanner || !video) return;
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var stream = null;
  var running = false;

  function stop() {
    running = false;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    scanner.hidden = true;
    scanButton.hidden = false;
  }

  function start(detector) {
    scanButton.hidden = true;
    scanner.hidden = false;
    status.textContent = status.dataset.scanning;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      running = true;
      return video.play().then(function () { tick(detector); });
    }).catch(function () {
      stop();
      scanButton.hidden = true;
      var note = document.createElement('p');
      note.className = 'hint';
      note.textContent = status.dataset.noCamera;
      form.appendChild(note);
    });
  }

  function tick(detector) {
    if (!running) return;
    detector.detect(video).then(function (codes) {
      var found = codes.find(function (c) { return c.rawValue && c.rawValue.trim(); });
      if (found) {
        input.value = found.rawValue.trim();
        stop();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        return;
      }
      window.setTimeout(function () { tick(detector); }, 250);
    }).catch(function () { window.setTimeout(function () { tick(detector); }, 500); });
  }

  Promise.resolve(window.BarcodeDetector.getSupportedFormats ? window.BarcodeDetector.getSupportedFormats() : ['qr_code'])
    .then(function (formats) {
      if (formats.indexOf('qr_code') < 0) return null;
      return navigator.mediaDevices.enumerateDevices().then(function (devices) {
        return devices.some(function (d) { return d.kind === 'videoinput'; });
      });
    })
    .then(function (ready) {
      if (!ready) return;
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      scanButton.hidden = false;
      scanButton.addEventListener('click', function () { start(detector); });
      stopButton.addEventListener('click', stop);
      window.addEventListener('pagehide', stop);
    })
    .catch(function () { /* no scanner: typing the code still works */ });
})();
